"""`kompeten create_agency`: creates an agency, refuses bad input with a clear error."""

import pytest
from django.core.management import CommandError, call_command

from kompeten.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_it_creates_an_agency(capsys):
    call_command(
        "create_agency",
        "--slug=kota-sabang",
        "--name=Pemerintah Kota Sabang",
        "--kind=kota",
        "--letterhead=PEMERINTAH KOTA SABANG",
    )
    agency = Agency.objects.get(slug="kota-sabang")
    assert agency.name == "Pemerintah Kota Sabang"
    assert agency.kind == Agency.Kind.KOTA
    assert agency.letterhead == "PEMERINTAH KOTA SABANG"
    assert agency.is_demo is False
    assert "Instansi dibuat" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        ("provinsi", Agency.Kind.PROVINSI),
        ("Kabupaten", Agency.Kind.KABUPATEN),
        ("pusat", Agency.Kind.PUSAT),
        ("instansi pusat", Agency.Kind.PUSAT),
        ("  Instansi   Pusat ", Agency.Kind.PUSAT),
    ],
)
def test_it_accepts_kind_values_and_labels(given, kind):
    call_command("create_agency", "--slug=x", "--name=X", f"--kind={given}")
    assert Agency.objects.get(slug="x").kind == kind


def test_it_refuses_a_slug_that_is_taken():
    Agency.objects.create(slug="kota-a", name="Pemerintah Kota A", kind=Agency.Kind.KOTA)
    with pytest.raises(CommandError, match="kota-a sudah dipakai"):
        call_command("create_agency", "--slug=kota-a", "--name=Lain", "--kind=kota")
    assert list(Agency.objects.values_list("name", flat=True)) == ["Pemerintah Kota A"]


def test_it_refuses_an_unknown_kind_and_writes_nothing():
    with pytest.raises(CommandError, match="provinsi, kabupaten, kota, pusat"):
        call_command("create_agency", "--slug=desa-a", "--name=Desa A", "--kind=desa")
    assert not Agency.objects.exists()


def test_it_refuses_an_invalid_slug():
    with pytest.raises(CommandError, match="slug"):
        call_command("create_agency", "--slug=bukan slug", "--name=A", "--kind=kota")
    assert not Agency.objects.exists()


def test_its_errors_exit_the_command_line_with_status_1():
    """run_from_argv turns a CommandError into sys.exit(returncode); it closes connections,
    so the returncode is checked here rather than by running the command line in-process."""
    with pytest.raises(CommandError) as error:
        call_command("create_agency", "--slug=a", "--name=A", "--kind=desa")
    assert error.value.returncode == 1
