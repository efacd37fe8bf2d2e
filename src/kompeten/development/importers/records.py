"""Import of development history (riwayat diklat/kursus, e.g. from SIASN):
`NIP, Bentuk, Judul, Penyelenggara, Tanggal Mulai, Tanggal Selesai, JP, Nomor Sertifikat`.

Imported records count as verified. JP may be left empty when the form's conversion gives
it (per day or per activity); a form counted per session takes the JP column as stated,
since the sheet has no sessions column. Every row is checked before anything is written;
valid files go through records_services.records_import (set-based, one figures refresh).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.core.imports.base import Column, Importer, Plan, resolve_columns, row_extractor
from kompeten.core.imports.cells import parse_date, vocabulary_key
from kompeten.core.imports.readers import Table
from kompeten.core.models import AuditEvent
from kompeten.development import records_services as services
from kompeten.development import rules
from kompeten.development.models import MAX_JP, Record, YearlyJp
from kompeten.employees.models import Employee
from kompeten.employees.rules import normalize_nip

CHUNK = 900  # SQLite's limit on parameters per statement
H_NIP, H_FORM, H_TITLE, H_PROVIDER = "NIP", "Bentuk", "Judul", "Penyelenggara"
H_START, H_END, H_JP, H_CERT = "Tanggal Mulai", "Tanggal Selesai", "JP", "Nomor Sertifikat"
HEADERS = [H_NIP, H_FORM, H_TITLE, H_PROVIDER, H_START, H_END, H_JP, H_CERT]
TITLE_MAX = Record._meta.get_field("title").max_length
PROVIDER_MAX = Record._meta.get_field("provider").max_length
CERT_MAX = Record._meta.get_field("certificate_number").max_length
# The labels of domain.md §9 and the codes, case and spacing ignored.
FORM_BY_WORD = {
    **{vocabulary_key(f.code.replace("_", " ")): f.code for f in rules.FORMS},
    **{vocabulary_key(f.label): f.code for f in rules.FORMS},
}
DATE_HELP = "YYYY-MM-DD atau DD-MM-YYYY"

COLUMNS = [
    Column(H_NIP, required=True, example="198403122009032004", allowed="18 digit",
           help="NIP pegawai instansi ini (spasi boleh)."),
    Column(H_FORM, required=True, example="Diklat Teknis",
           allowed=", ".join(f.label for f in rules.FORMS),
           help="Bentuk pengembangan kompetensi (daftar SIASN).", aliases=("Jenis Diklat",)),
    Column(H_TITLE, required=True, example="Pelatihan Pelayanan Prima",
           help="Nama kegiatan seperti tertulis di sertifikat.", aliases=("Nama Diklat",)),
    Column(H_PROVIDER, example="BPSDM Provinsi", help="Lembaga penyelenggara (tidak wajib).",
           aliases=("Institusi Penyelenggara",)),
    Column(H_START, required=True, example="2025-03-10", allowed=DATE_HELP,
           help="Tanggal kegiatan dimulai."),
    Column(H_END, required=True, example="2025-03-12", allowed=DATE_HELP,
           help="Tanggal kegiatan selesai; JP dihitung pada tahun ini."),
    Column(H_JP, example="24", allowed=f"0 sampai {MAX_JP}; desimal dengan koma atau titik",
           help="JP tercantum. Boleh kosong bila bentuknya dihitung per hari atau per "
                "kegiatan menurut tabel konversi instansi.", aliases=("Jumlah Jam",)),
    Column(H_CERT, example="123/BPSDM/2025", help="Nomor sertifikat (tidak wajib).",
           aliases=("Nomor Sertipikat",)),
]  # fmt: skip


class RecordImporter(Importer):
    kind = "records"
    title = "Riwayat pengembangan kompetensi"
    description = _lazy(
        "Kolom: NIP, Bentuk, Judul, Penyelenggara, Tanggal Mulai, Tanggal Selesai, JP, Nomor "
        "Sertifikat. Riwayat yang diimpor langsung terverifikasi dan dihitung JP-nya."
    )
    columns = COLUMNS
    touched_models = (Record, YearlyJp, AuditEvent)

    def validate(self, table: Table) -> Plan:
        plan = Plan(total_rows=len(table.rows))
        indexes, col, plan.errors = resolve_columns(table, self.columns)
        if plan.errors:
            return plan
        extract = row_extractor([indexes[h] for h in HEADERS])
        rows = [(number, extract(cells)) for number, cells in table.rows]
        employees = self._employees({normalize_nip(r[0]) for _n, r in rows if r[0]})
        conversions = services.conversions_for(self.agency.pk)
        today = timezone.localdate()
        required = _("wajib diisi")
        seen: dict[tuple, int] = {}
        checked: list[tuple[int, services.ImportedRecord]] = []
        for number, (nip_text, form_text, title, provider, start_text, end_text, jp_text,
                     cert) in rows:  # fmt: skip
            problems = []

            def fail(header, reason, _problems=problems):
                _problems.append((col[header], reason))

            nip = normalize_nip(nip_text)
            employee_id = employees.get(nip)
            if not nip:
                fail(H_NIP, required)
            elif employee_id is None:
                fail(H_NIP, _("NIP %(nip)s tidak dikenal di instansi ini") % {"nip": nip})
            form = FORM_BY_WORD.get(vocabulary_key(form_text)) if form_text else None
            if not form_text:
                fail(H_FORM, required)
            elif form is None:
                fail(
                    H_FORM,
                    _("'%(value)s' bukan bentuk pengembangan yang dikenal (mis. Diklat Teknis, "
                      "Kursus, Seminar, Workshop, E-Learning, Coaching, Magang)")
                    % {"value": form_text},
                )  # fmt: skip
            if not title:
                fail(H_TITLE, required)
            elif len(title) > TITLE_MAX:
                fail(H_TITLE, _("paling banyak %d karakter") % TITLE_MAX)
            if len(provider) > PROVIDER_MAX:
                fail(H_PROVIDER, _("paling banyak %d karakter") % PROVIDER_MAX)
            if len(cert) > CERT_MAX:
                fail(H_CERT, _("paling banyak %d karakter") % CERT_MAX)
            start = self._date(start_text, H_START, fail, required)
            end = self._date(end_text, H_END, fail, required)
            if end is not None and end > today:
                fail(H_END, _("tanggal selesai %(date)s ada di masa depan") % {"date": end})
                end = None
            if start is not None and end is not None and end < start:
                fail(H_END, _("tanggal selesai sebelum tanggal mulai"))
                end = None
            stated = None
            try:
                stated = services.parse_jp(jp_text)
            except ValueError:
                fail(H_JP, _("'%(value)s' bukan angka JP yang sah") % {"value": jp_text})
            else:
                if stated is not None and stated < 0:
                    fail(H_JP, _("JP tidak boleh negatif"))
                    stated = None
                elif stated is not None and stated > MAX_JP:
                    fail(H_JP, _("JP %(jp)s tidak masuk akal (paling banyak %(max)s)")
                         % {"jp": jp_text, "max": MAX_JP})  # fmt: skip
                    stated = None
                elif stated is not None and stated != stated.quantize(Decimal("0.01")):
                    fail(H_JP, _("JP paling banyak dua angka di belakang koma"))
                    stated = None
            jp = None
            if form is not None and start is not None and end is not None and not problems:
                conversion = conversions[form]
                if conversion.basis == rules.PER_SESSION:
                    # No sessions column: the JP written is what the activity counted.
                    conversion = rules.Conversion(rules.ACTUAL)
                try:
                    jp = rules.record_jp(conversion, start=start, end=end, stated_jp=stated)
                except rules.ConversionError:
                    fail(H_JP, _("JP wajib diisi untuk bentuk %(form)s")
                         % {"form": rules.FORM_BY_CODE[form].label})  # fmt: skip
                else:
                    if jp > MAX_JP:
                        fail(H_JP, _("JP hasil konversi %(jp)s melebihi %(max)s; periksa "
                                     "tanggalnya") % {"jp": jp, "max": MAX_JP})  # fmt: skip
            if not problems:
                key = (employee_id, form, title.lower(), start, end)
                if key in seen:
                    fail(
                        H_TITLE,
                        _("baris ini sama dengan baris %(row)s (NIP, bentuk, judul dan tanggal)")
                        % {"row": seen[key]},
                    )
                else:
                    seen[key] = number
            for column, reason in problems:
                plan.add_error(number, column, reason)
            if not problems:
                checked.append(
                    (
                        number,
                        services.ImportedRecord(
                            employee_id=employee_id, form=form, title=title, provider=provider,
                            start_date=start, end_date=end, stated_jp=stated,
                            jp=jp.quantize(Decimal("0.01")), certificate_number=cert,
                        ),
                    )
                )  # fmt: skip
        self._check_stored(checked, plan, col[H_TITLE])
        plan.errors.sort(key=lambda e: e.row)
        if plan.errors:
            return plan
        plan.created = len(checked)
        names = dict(
            Employee.objects.filter(pk__in=[i.employee_id for _n, i in checked[:20]]).values_list(
                "pk", "name"
            )
        )
        for number, item in checked[:20]:
            plan.add_preview(
                row=number,
                action="baru",
                key=names.get(item.employee_id, ""),
                label=item.title,
                changes=f"{rules.FORM_BY_CODE[item.form].label}, {item.end_date}, {item.jp} JP",
            )
        plan.payload = [item for _n, item in checked]
        return plan

    @staticmethod
    def _date(text, header, fail, required):
        if not text:
            fail(header, required)
            return None
        value = parse_date(text)
        if value is None:
            fail(
                header,
                _("'%(value)s' bukan tanggal yang sah (YYYY-MM-DD atau DD-MM-YYYY)")
                % {"value": text},
            )
        return value

    def _employees(self, nips: set[str]) -> dict[str, int]:
        """NIP -> id of the agency's employees; another agency's NIP reads as unknown."""
        found = {}
        nips = sorted(nips)
        for start in range(0, len(nips), CHUNK):
            found.update(
                Employee.objects.filter(
                    agency_id=self.agency.pk, nip__in=nips[start : start + CHUNK]
                ).values_list("nip", "pk")
            )
        return found

    def _check_stored(self, checked, plan: Plan, column: str) -> None:
        """A row repeating a stored record (same employee, form, title, dates) would count
        twice: refused, so importing the same history again changes nothing."""
        ids = sorted({item.employee_id for _n, item in checked})
        stored = set()
        for start in range(0, len(ids), CHUNK):
            for employee_id, form, title, begin, end in Record.objects.filter(
                agency_id=self.agency.pk, employee_id__in=ids[start : start + CHUNK]
            ).values_list("employee_id", "form", "title", "start_date", "end_date"):
                stored.add((employee_id, form, title.lower(), begin, end))
        kept = []
        for number, item in checked:
            key = (item.employee_id, item.form, item.title.lower(), item.start_date, item.end_date)
            if key in stored:
                plan.add_error(
                    number, column, _("riwayat ini sudah tercatat untuk pegawai tersebut")
                )
            else:
                kept.append((number, item))
        checked[:] = kept

    def commit(self, plan: Plan, *, progress) -> None:
        services.records_import(actor=self.actor, agency=self.agency, items=plan.payload)
        progress(plan.total_rows)
