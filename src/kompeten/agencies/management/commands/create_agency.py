"""Create an agency (tenant): `kompeten create_agency --slug kota-x --name "..." --kind kota`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kompeten.agencies.models import Agency
from kompeten.agencies.services import agency_create
from kompeten.core.tenancy import scopes_disabled


def parse_kind(raw: str) -> str:
    """An Agency.Kind value from its value or its label, case and spaces ignored."""
    key = " ".join(str(raw or "").split()).lower()
    for value, label in Agency.Kind.choices:
        if key in (value, str(label).lower()):
            return value
    choices = ", ".join(value for value, _ in Agency.Kind.choices)
    raise CommandError(f'Jenis instansi "{raw}" tidak dikenal; pilih salah satu: {choices}.')


class Command(BaseCommand):
    help = "Buat instansi baru (provinsi, kabupaten, kota atau instansi pusat)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="Pengenal di URL, mis. kota-sabang.")
        parser.add_argument("--name", required=True, help='Nama, mis. "Pemerintah Kota Sabang".')
        parser.add_argument(
            "--kind",
            required=True,
            help='provinsi, kabupaten, kota atau pusat (juga: "instansi pusat").',
        )
        parser.add_argument("--letterhead", default="", help="Teks kop surat laporan.")

    def handle(self, *args, slug, name, kind, letterhead, **options):
        kind = parse_kind(kind)
        with scopes_disabled():
            taken = Agency.objects.filter(slug=slug).first()
            if taken is not None:
                raise CommandError(f"Slug {slug} sudah dipakai oleh {taken.name}.")
            try:
                agency = agency_create(slug=slug, name=name, kind=kind, letterhead=letterhead)
            except ValidationError as exc:
                raise CommandError(_messages(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Instansi dibuat: {agency.name} ({agency.slug}, {agency.get_kind_display()})."
            )
        )


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
