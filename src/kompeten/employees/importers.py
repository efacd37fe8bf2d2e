"""Import of employees from the template (EMPLOYEE_HEADERS) or a SIASN "Export Data ASN" CSV.

Upsert by NIP. Everything the rows refer to (units, positions, employees) is loaded once;
every row is checked in plain Python; a valid file is written set-based in the caller's one
transaction: new units and positions, employees, supervisors in a second pass (they may
point at rows further down), assignment history and audit events.

A column missing from the file leaves that field of existing employees as it is (a SIASN
export has no supervisor or status); an empty cell in a present column clears the field.
"""

import datetime as dt
import functools
import operator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.agencies.importers import TreeChange, stored_units, tree_write
from kompeten.agencies.models import Unit
from kompeten.core.imports.auditlog import AuditBatch, insert_created_events
from kompeten.core.imports.base import Column, Importer, Plan, resolve_columns, row_extractor
from kompeten.core.imports.cells import is_email, parse_date, vocabulary_key
from kompeten.core.imports.readers import Table, header_key
from kompeten.core.imports.sql import (
    DbValues,
    insert_rows,
    reserve_ids,
    update_rows,
    uuid7_hex,
)
from kompeten.core.models import AuditEvent
from kompeten.employees import rules
from kompeten.employees.columns import EMPLOYEE_HEADERS, POSITION_KIND_WORDS, STATUS_WORDS
from kompeten.employees.models import Assignment, Employee, Position, PositionKind
from kompeten.employees.services import EMPLOYEE_AUDIT_FIELDS
from kompeten.employees.signals import employees_changed

(H_NIP, H_NAME, H_FRONT, H_BACK, H_SEX, H_BIRTH, H_TYPE, H_GOLONGAN, H_UNIT, H_POSITION,
 H_KIND, H_SUPERVISOR, H_EMAIL, H_PHONE, H_STATUS) = EMPLOYEE_HEADERS  # fmt: skip
H_UNIT_NAME = "Nama Unit"  # SIASN only: unor_nama names units created from unor_id
# The cells a row checker reads, in the order it unpacks them.
ROW_HEADERS = [
    H_NIP, H_NAME, H_FRONT, H_BACK, H_SEX, H_BIRTH, H_TYPE, H_GOLONGAN, H_UNIT, H_POSITION,
    H_SUPERVISOR, H_STATUS, H_EMAIL, H_PHONE, H_KIND, H_UNIT_NAME,
]  # fmt: skip

# Record layout: EMPLOYEE_AUDIT_FIELDS order, so that audit snapshots are a zip away.
(F_NIP, F_NAME, F_FRONT, F_BACK, F_SEX, F_BIRTH, F_TYPE, F_GOLONGAN, F_UNIT, F_POSITION,
 F_SUPERVISOR, F_STATUS, F_EMAIL, F_PHONE) = range(14)  # fmt: skip
FIELD_HEADERS = {
    "nip": H_NIP, "name": H_NAME, "front_title": H_FRONT, "back_title": H_BACK, "sex": H_SEX,
    "birth_date": H_BIRTH, "employment_type": H_TYPE, "golongan": H_GOLONGAN, "unit": H_UNIT,
    "position": H_POSITION, "supervisor": H_SUPERVISOR, "status": H_STATUS, "email": H_EMAIL,
    "phone": H_PHONE,
}  # fmt: skip
assert list(FIELD_HEADERS) == EMPLOYEE_AUDIT_FIELDS
# Headers whose absence leaves the stored field alone, by record index.
OPTIONAL_FIELDS = {
    H_FRONT: F_FRONT, H_BACK: F_BACK, H_POSITION: F_POSITION, H_SUPERVISOR: F_SUPERVISOR,
    H_EMAIL: F_EMAIL, H_PHONE: F_PHONE, H_STATUS: F_STATUS,
}  # fmt: skip

MAX = {
    name: Employee._meta.get_field(name).max_length
    for name in ("name", "front_title", "back_title", "phone")
}
POSITION_NAME_MAX = Position._meta.get_field("name").max_length

SEX_WORDS = {"l": rules.SEX_MALE, "p": rules.SEX_FEMALE}
SIASN_SEX_WORDS = {**SEX_WORDS, "m": rules.SEX_MALE, "f": rules.SEX_FEMALE, "1": "L", "2": "P"}
TYPE_WORDS = {"pns": "PNS", "pppk": "PPPK"}
# Plain str values (not the enum members): they go straight into SQL parameters.
STATUS_BY_WORD = {vocabulary_key(word): status.value for status, word in STATUS_WORDS.items()}
KIND_BY_WORD = {}
for _kind, _word in POSITION_KIND_WORDS.items():
    KIND_BY_WORD[vocabulary_key(_word)] = _kind.value
    KIND_BY_WORD[vocabulary_key(_word).removeprefix("fungsional ")] = _kind.value
ACTIVE = Employee.Status.ACTIVE.value

EMPLOYEE_TYPE = Employee._meta.label_lower
POSITION_TYPE = Position._meta.label_lower


def _kinds_text() -> str:
    return ", ".join(POSITION_KIND_WORDS.values())


TEMPLATE_COLUMNS = [
    Column(H_NIP, required=True, example="198403122009032004", allowed="18 digit",
           help="NIP baru 18 digit, boleh dengan spasi. Tanggal lahir, jenis kelamin dan jenis "
                "pegawai harus sesuai dengan NIP. Pegawai dengan NIP yang sudah ada diperbarui."),
    Column(H_NAME, required=True, example="Ratna Sari Dewi", help="Nama tanpa gelar."),
    Column(H_FRONT, example="", help="Gelar di depan nama, mis. dr. atau Ir."),
    Column(H_BACK, example="S.Sos., M.Si.", help="Gelar di belakang nama."),
    Column(H_SEX, required=True, example="P", allowed="L, P", help="L laki-laki, P perempuan."),
    Column(H_BIRTH, required=True, example="1984-03-12", allowed="YYYY-MM-DD atau DD-MM-YYYY",
           help="Tanggal lahir."),
    Column(H_TYPE, required=True, example="PNS", allowed="PNS, PPPK", help="Jenis pegawai."),
    Column(H_GOLONGAN, required=True, example="IV/a",
           allowed="PNS: I/a … IV/e; PPPK: I … XVII", help="Golongan ruang terakhir."),
    Column(H_UNIT, required=True, example="DISDUKCAPIL.1",
           help="Kode unit kerja yang sudah ada (impor unit kerja lebih dulu)."),
    Column(H_POSITION, example="Kepala Bidang Pelayanan Pendaftaran Penduduk",
           help="Nama jabatan di unit tersebut; jabatan yang belum ada dibuat."),
    Column(H_KIND, example="Administrator", allowed=_kinds_text(),
           help="Wajib bila jabatan belum ada. Kata 'Fungsional' boleh ditulis atau tidak."),
    Column(H_SUPERVISOR, example="",
           help="NIP atasan langsung: pegawai di berkas ini (baris mana saja) atau yang sudah "
                "tersimpan."),
    Column(H_EMAIL, example="ratna@example.org", help="Alamat email."),
    Column(H_PHONE, example="081266600011", help="Nomor HP."),
    Column(H_STATUS, example="Aktif", allowed="Aktif, Pensiun, Pindah, Berhenti",
           help="Kosong berarti Aktif."),
]  # fmt: skip

# The SIASN export: its headers, mapped onto the template's, and unor_nama for new units.
SIASN_HEADERS = {
    H_NIP: "nip_baru", H_NAME: "nama", H_FRONT: "gelar_depan", H_BACK: "gelar_belakang",
    H_SEX: "jenis_kelamin", H_BIRTH: "tanggal_lahir", H_TYPE: "jenis_pegawai_nama",
    H_GOLONGAN: "gol_akhir_nama", H_UNIT: "unor_id", H_POSITION: "jabatan_nama",
    H_KIND: "jenis_jabatan_nama", H_EMAIL: "email", H_PHONE: "nomor_hp",
}  # fmt: skip
SIASN_COLUMNS = [
    Column(SIASN_HEADERS[c.header], required=c.required, help=c.help)
    for c in TEMPLATE_COLUMNS
    if c.header in SIASN_HEADERS
] + [Column("unor_nama", help="Nama unit kerja")]
SIASN_NAMES = {SIASN_HEADERS[h]: h for h in SIASN_HEADERS} | {"unor_nama": H_UNIT_NAME}


def is_siasn(table: Table) -> bool:
    keys = set(table.keys)
    return "nip_baru" in keys and "unor_id" in keys


def siasn_employment_type(text: str) -> str | None:
    """jenis_pegawai_nama: any "PPPK" is PPPK, any other value (PNS Daerah Kota …) is PNS."""
    if not text:
        return None
    return "PPPK" if "pppk" in text.lower() else "PNS"


FUNCTIONAL_LEVELS = [
    ("ahli utama", PositionKind.AHLI_UTAMA), ("ahli madya", PositionKind.AHLI_MADYA),
    ("ahli muda", PositionKind.AHLI_MUDA), ("ahli pertama", PositionKind.AHLI_PERTAMA),
    ("penyelia", PositionKind.PENYELIA), ("mahir", PositionKind.MAHIR),
    ("terampil", PositionKind.TERAMPIL), ("pemula", PositionKind.PEMULA),
]  # fmt: skip
STRUCTURAL_PREFIXES = [
    (("kepala dinas", "kepala badan"), PositionKind.JPT_PRATAMA),
    (("kepala bidang", "sekretaris"), PositionKind.ADMINISTRATOR),
    (("kepala seksi", "kepala subbagian", "kepala sub bagian", "kepala upt"),
     PositionKind.PENGAWAS),
]  # fmt: skip


def siasn_position_kind(kind_name: str, position_name: str) -> str | None:
    """Position kind from SIASN's jenis_jabatan_nama and jabatan_nama; None when unknown.

    Struktural: by the title (Kepala Dinas/Badan JPT Pratama; Kepala Bidang, Sekretaris
    Administrator; Kepala Seksi/Subbagian/UPT Pengawas; others Administrator). Fungsional
    Tertentu: by the level words in the title. Fungsional Umum and Pelaksana: Pelaksana.
    """
    kind_text, name = vocabulary_key(kind_name), vocabulary_key(position_name)
    if "umum" in kind_text or "pelaksana" in kind_text:
        return PositionKind.PELAKSANA.value
    if "struktural" in kind_text:
        for prefixes, kind in STRUCTURAL_PREFIXES:
            if name.startswith(prefixes):
                return kind.value
        return PositionKind.ADMINISTRATOR.value
    if "fungsional" in kind_text:
        return next((kind.value for words, kind in FUNCTIONAL_LEVELS if words in name), None)
    return None


@dataclass
class EmployeePayload:
    """What a commit writes, gathered by validation."""

    creates: list = field(default_factory=list)  # (row, record)
    updates: list = field(default_factory=list)  # (row, stored tuple, record)
    new_units: dict = field(default_factory=dict)  # code -> name
    new_positions: dict = field(default_factory=dict)  # (unit ref, key) -> [name, kind, row]
    stored_ids: dict = field(default_factory=dict)  # NIP -> id of every stored employee


class EmployeeImporter(Importer):
    kind = "employees"
    title = "Pegawai"
    columns = TEMPLATE_COLUMNS
    touched_models = (Employee, Position, Unit, Assignment, AuditEvent)

    def validate(self, table: Table) -> Plan:
        siasn = is_siasn(table)
        columns = SIASN_COLUMNS if siasn else TEMPLATE_COLUMNS
        plan = Plan(total_rows=len(table.rows))
        indexes, written, plan.errors = resolve_columns(table, columns)
        if plan.errors:
            return plan
        if siasn:
            indexes = {SIASN_NAMES[k]: v for k, v in indexes.items()}
            written = {SIASN_NAMES[k]: v for k, v in written.items()}
            plan.notes.append(_("Berkas dikenali sebagai ekspor SIASN (Export Data ASN)."))
        return RowChecker(self.agency.pk, indexes, written, siasn, plan).run(table)

    def commit(self, plan: Plan, *, progress) -> None:
        EmployeeWriter(self.agency.pk, self.actor, plan.payload, progress).write()


class RowChecker:
    """Validates every row against the agency's data, loaded once; fills a Plan."""

    def __init__(self, agency_id, indexes, written, siasn, plan):
        self.agency_id = agency_id
        self.siasn = siasn
        self.plan = plan
        self.col = written  # header as written in the file, for messages
        self.indexes = indexes
        # SIASN has no status column: new employees are Aktif, stored ones keep theirs.
        self.absent = {f for h, f in OPTIONAL_FIELDS.items() if indexes.get(h) is None}

    def run(self, table: Table) -> Plan:
        plan, col, siasn = self.plan, self.col, self.siasn
        error = plan.add_error
        agency_id = self.agency_id
        units = dict(Unit.objects.filter(agency_id=agency_id).values_list("code", "id"))
        positions = {}
        for pk, unit_id, name in Position.objects.filter(agency_id=agency_id).values_list(
            "id", "unit_id", "name"
        ):
            positions.setdefault((unit_id, vocabulary_key(name)), pk)
        stored = {
            row[2]: row
            for row in Employee.objects.filter(agency_id=agency_id).values_list(
                "id", "uuid", *(Employee._meta.get_field(f).attname for f in EMPLOYEE_AUDIT_FIELDS)
            )
        }
        nip_by_id = {row[0]: nip for nip, row in stored.items()}
        sex_words = SIASN_SEX_WORDS if siasn else SEX_WORDS
        golongan_cache: dict = {}
        # Cells repeat (dates of birth, position names, statuses, supervisors): each distinct
        # text is parsed once per file.
        date_of = functools.cache(parse_date)
        vocab = functools.cache(vocabulary_key)
        nip_of = functools.cache(rules.normalize_nip)
        # Locals for what the loop reads on every row.
        parse_nip, nip_error = rules.parse_nip, rules.NipError
        max_name, max_front, max_back, max_phone, max_position = (
            MAX["name"],
            MAX["front_title"],
            MAX["back_title"],
            MAX["phone"],
            POSITION_NAME_MAX,
        )
        type_words, kind_words, status_words = TYPE_WORDS, KIND_BY_WORD, STATUS_BY_WORD
        new_units: dict[str, list] = {}  # code -> [name, first row]
        new_positions: dict = {}
        seen: dict[str, int] = {}  # NIP -> row
        records = []  # (row, record)

        extract = row_extractor(
            [self.indexes.get(h) for h in ROW_HEADERS], null="null" if siasn else None
        )
        required = _("wajib diisi")

        for number, cells in table.rows:
            (nip_text, name, front, back, sex_text, birth_text, type_text, gol_text,
             unit_code, pos_name, sup_text, status_text, email, phone, kind_text,
             unit_name) = extract(cells)  # fmt: skip
            row_errors = len(plan.errors)

            nip = info = None
            if not nip_text:
                error(number, col[H_NIP], required)
            else:
                try:
                    info = parse_nip(nip_text)
                except nip_error as exc:
                    error(number, col[H_NIP], str(exc))
                else:
                    nip = info.nip
                    if nip in seen:
                        error(
                            number, col[H_NIP],
                            _("NIP %(nip)s sudah ada di baris %(row)s")
                            % {"nip": nip, "row": seen[nip]},
                        )  # fmt: skip
                    else:
                        seen[nip] = number
            if not name:
                error(number, col[H_NAME], required)
            elif len(name) > max_name:
                error(number, col[H_NAME], _("paling banyak %d karakter") % max_name)
            if len(front) > max_front:
                error(number, col[H_FRONT], _("paling banyak %d karakter") % max_front)
            if len(back) > max_back:
                error(number, col[H_BACK], _("paling banyak %d karakter") % max_back)

            sex = sex_words.get(sex_text.lower()) if sex_text else None
            if not sex_text:
                error(number, col[H_SEX], required)
            elif sex is None:
                allowed = "L, P, M, F, 1, 2" if siasn else "L, P"
                error(
                    number, col[H_SEX],
                    _("'%(value)s' bukan jenis kelamin yang dikenal (%(allowed)s)")
                    % {"value": sex_text, "allowed": allowed},
                )  # fmt: skip
            birth = date_of(birth_text) if birth_text else None
            if not birth_text:
                error(number, col[H_BIRTH], required)
            elif birth is None:
                error(
                    number, col[H_BIRTH],
                    _("'%(value)s' bukan tanggal yang sah (YYYY-MM-DD atau DD-MM-YYYY)")
                    % {"value": birth_text},
                )  # fmt: skip
            if siasn:
                employment_type = siasn_employment_type(type_text)
            else:
                employment_type = type_words.get(type_text.lower()) if type_text else None
            if not type_text:
                error(number, col[H_TYPE], required)
            elif employment_type is None:
                error(
                    number, col[H_TYPE],
                    _("'%(value)s' bukan jenis pegawai yang dikenal (PNS, PPPK)")
                    % {"value": type_text},
                )  # fmt: skip
            if info is not None and (
                (birth and birth != info.birth_date)
                or (sex and sex != info.sex)
                or (employment_type and employment_type != info.employment_type)
            ):  # a contradiction: nip_conflicts says which, as it always has
                for fname, reason in rules.nip_conflicts(
                    info, birth_date=birth, sex=sex, employment_type=employment_type
                ):
                    error(number, col[FIELD_HEADERS[fname]], reason)

            golongan = ""
            if not gol_text:
                error(number, col[H_GOLONGAN], required)
            elif employment_type:
                cache_key = (gol_text, employment_type)
                golongan = golongan_cache.get(cache_key)
                if golongan is None:
                    try:
                        golongan = rules.normalize_golongan(gol_text, employment_type)
                    except ValueError as exc:
                        golongan = exc
                    golongan_cache[cache_key] = golongan
                if isinstance(golongan, ValueError):
                    error(number, col[H_GOLONGAN], str(golongan))

            unit_ref = units.get(unit_code)
            if not unit_code:
                error(number, col[H_UNIT], required)
            elif unit_ref is None:
                if siasn:
                    unit_ref = ("new", unit_code)
                    if unit_code not in new_units:
                        if not unit_name:
                            error(
                                number, col[H_UNIT_NAME],
                                _("wajib diisi untuk unit baru %(code)s") % {"code": unit_code},
                            )  # fmt: skip
                        new_units[unit_code] = [unit_name, number]
                else:
                    error(
                        number, col[H_UNIT],
                        _("kode unit %(code)s tidak dikenal; impor unit kerja lebih dulu")
                        % {"code": unit_code},
                    )  # fmt: skip

            position_ref = None
            kind = None
            if kind_text and not siasn:
                kind = kind_words.get(vocab(kind_text))
                if kind is None:
                    error(
                        number, col[H_KIND],
                        _("'%(value)s' bukan jenis jabatan yang dikenal (%(allowed)s)")
                        % {"value": kind_text, "allowed": _kinds_text()},
                    )  # fmt: skip
            if pos_name and unit_ref is not None:
                if len(pos_name) > max_position:
                    error(number, col[H_POSITION], _("paling banyak %d karakter") % max_position)
                key = (unit_ref, vocab(pos_name))
                position_ref = positions.get(key)
                if position_ref is None:
                    position_ref = key
                    if siasn:
                        kind = siasn_position_kind(kind_text, pos_name)
                    wanted = new_positions.get(key)
                    if kind is None:
                        if siasn or not kind_text:
                            error(
                                number, col[H_KIND],
                                _("jenis jabatan untuk jabatan baru '%(name)s' tidak dapat "
                                  "ditentukan") % {"name": pos_name}
                                if siasn
                                else _("wajib diisi untuk jabatan baru '%(name)s'")
                                % {"name": pos_name},
                            )  # fmt: skip
                    elif wanted is None:
                        new_positions[key] = [pos_name, kind, number]
                    elif wanted[1] != kind:
                        error(
                            number, col[H_KIND],
                            _("jenis jabatan berbeda dengan baris %(row)s untuk jabatan yang sama")
                            % {"row": wanted[2]},
                        )  # fmt: skip

            supervisor = nip_of(sup_text) or None
            if supervisor and supervisor == nip:
                error(number, col[H_SUPERVISOR], _("atasan tidak boleh pegawai itu sendiri"))

            if email and not is_email(email):
                error(number, col[H_EMAIL], _("'%(value)s' bukan alamat email yang sah") % {
                    "value": email})  # fmt: skip
            if len(phone) > max_phone:
                error(number, col[H_PHONE], _("paling banyak %d karakter") % max_phone)
            if status_text:
                status = status_words.get(vocab(status_text))
                if status is None:
                    error(
                        number, col[H_STATUS],
                        _("'%(value)s' bukan status yang dikenal (Aktif, Pensiun, Pindah, "
                          "Berhenti)") % {"value": status_text},
                    )  # fmt: skip
            else:
                status = ACTIVE

            if len(plan.errors) == row_errors and nip is not None:
                records.append(
                    (number, [nip, name, front, back, sex, birth, employment_type, golongan,
                              unit_ref, position_ref, supervisor, status, email, phone])
                )  # fmt: skip

        self._check_supervisors(records, seen, stored, nip_by_id)
        if plan.errors:
            return plan
        return self._classify(records, stored, nip_by_id, new_units, new_positions)

    def _check_supervisors(self, records, seen, stored, nip_by_id):
        if F_SUPERVISOR in self.absent:
            return
        column = self.col[H_SUPERVISOR]
        boss = {nip: nip_by_id.get(row[12]) for nip, row in stored.items()}
        rows = {}
        for number, record in records:
            supervisor = record[F_SUPERVISOR]
            boss[record[F_NIP]] = supervisor
            rows[record[F_NIP]] = number
            if supervisor and supervisor not in seen and supervisor not in stored:
                self.plan.add_error(
                    number,
                    column,
                    _("NIP atasan %(nip)s tidak ditemukan di berkas maupun di data")
                    % {"nip": supervisor},
                )
        if self.plan.errors:
            return
        settled: set = set()
        for start in rows:
            above = boss.get(start)
            if above is None or above in settled:  # the usual case: nothing to walk
                settled.add(start)
                continue
            chain, position = [], {}
            nip = start
            while nip is not None and nip not in settled:
                if nip in position:
                    loop = chain[position[nip] :] + [nip]
                    for member in loop[:-1]:
                        if member in rows:
                            self.plan.add_error(
                                rows[member],
                                column,
                                _("rantai atasan membentuk siklus: %(cycle)s")
                                % {"cycle": " → ".join(loop)},
                            )
                    break
                position[nip] = len(chain)
                chain.append(nip)
                nip = boss.get(nip)
            settled.update(chain)

    def _classify(self, records, stored, nip_by_id, new_units, new_positions) -> Plan:
        plan = self.plan
        payload = EmployeePayload(
            new_units={code: value[0] for code, value in new_units.items()},
            new_positions=new_positions,
            stored_ids={nip: row[0] for nip, row in stored.items()},
        )
        absent = self.absent
        absent_but_status = absent - {F_STATUS}
        for number, record in records:
            before = stored.get(record[F_NIP])
            if before is None:
                if F_STATUS in absent:
                    record[F_STATUS] = ACTIVE
                for index in absent_but_status:
                    record[index] = None if index in (F_POSITION, F_SUPERVISOR) else ""
                payload.creates.append((number, record))
                plan.created += 1
                plan.add_preview(
                    row=number, action="baru", key=record[F_NIP], label=record[F_NAME], changes=""
                )
                continue
            current = list(before[2:])
            current[F_SUPERVISOR] = nip_by_id.get(current[F_SUPERVISOR])
            for index in absent:
                record[index] = current[index]
            if record == current:
                plan.unchanged += 1
                continue
            payload.updates.append((number, before, record))
            plan.updated += 1
            changed = [
                FIELD_HEADERS[EMPLOYEE_AUDIT_FIELDS[i]]
                for i in range(len(record))
                if record[i] != current[i]
            ]
            plan.add_preview(
                row=number,
                action="diubah",
                key=record[F_NIP],
                label=record[F_NAME],
                changes=", ".join(changed),
            )
        plan.extra = {"units_created": len(new_units), "positions_created": len(new_positions)}
        if new_units:
            plan.notes.append(
                _(
                    "Ekspor SIASN tidak memuat pohon unit: %(count)s unit baru akan dibuat "
                    "sebagai unit teratas dari unor_id/unor_nama (unit baru): %(names)s"
                )
                % {
                    "count": len(new_units),
                    "names": ", ".join(v[0] for v in list(new_units.values())[:20]),
                }
            )
        plan.payload = payload
        return plan


class EmployeeWriter:
    """Writes a validated EmployeePayload set-based; runs inside the caller's transaction."""

    def __init__(self, agency_id, actor, payload: EmployeePayload, progress):
        self.agency_id = agency_id
        self.actor = actor
        self.payload = payload
        self.progress = progress
        self.db = DbValues()
        self.audit = AuditBatch(agency_id=agency_id, actor=actor, values=self.db)
        self.done = 0

    def step(self, count: int) -> None:
        self.done += count
        self.progress(self.done)

    def write(self) -> None:
        payload, db, agency_id = self.payload, self.db, self.agency_id
        table = Employee._meta.db_table
        unit_ids = self._write_units()
        position_ids = self._write_positions(unit_ids)
        # Ids of new rows are known before the insert, so supervisors (who may come later
        # in the file) go in with the row: no second pass of UPDATEs.
        ids = dict(payload.stored_ids)
        new_ids = reserve_ids(table, len(payload.creates))
        for (_row, record), pk in zip(payload.creates, new_ids, strict=True):
            ids[record[F_NIP]] = pk

        def resolve(record):
            unit = record[F_UNIT]
            if isinstance(unit, tuple):
                record[F_UNIT] = unit_ids[unit[1]]
            position = record[F_POSITION]
            if isinstance(position, tuple):
                unit_ref, key = position
                unit_id = unit_ids[unit_ref[1]] if isinstance(unit_ref, tuple) else unit_ref
                record[F_POSITION] = position_ids[(unit_id, key)]
            supervisor = record[F_SUPERVISOR]
            return ids[supervisor] if supervisor else None

        self._write_assignments(ids)
        now = db.datetime(timezone.now())
        uuids = uuid7_hex(len(payload.creates))
        create_rows = []
        for (_row, record), pk, uid in zip(payload.creates, new_ids, uuids, strict=True):
            supervisor_id = resolve(record)  # first: it also resolves the unit and position
            create_rows.append(
                (pk, agency_id, uid, *_write_values(record), supervisor_id, now, now)
            )
        insert_rows(
            table,
            ["id", "agency_id", "uuid", *WRITE_COLUMNS, "supervisor_id", "created_at",
             "updated_at"],
            create_rows,
            progress=self.step,
        )  # fmt: skip
        # SQLite checks the foreign key of every row whose UPDATE sets supervisor_id (slow),
        # so only the rows whose supervisor changes set it.
        same_boss, new_boss = [], []
        for _row, before, record in payload.updates:
            supervisor_id = resolve(record)
            columns = self._columns(record)
            if supervisor_id == before[2 + F_SUPERVISOR]:
                same_boss.append((*columns, now, before[0]))
            else:
                new_boss.append((*columns, supervisor_id, now, before[0]))
        update_rows(table, [*WRITE_COLUMNS, "updated_at"], same_boss, progress=self.step)
        update_rows(
            table, [*WRITE_COLUMNS, "supervisor_id", "updated_at"], new_boss, progress=self.step
        )
        self.audit.write()  # the new positions' events come first
        insert_created_events(
            agency_id=agency_id,
            actor=self.actor,
            action="employees.employee.created",
            model=Employee,
            fields=EMPLOYEE_AUDIT_FIELDS,
            ids=new_ids,
            label_sql=EMPLOYEE_LABEL_SQL,
        )
        self._audit_updates(ids)
        self.audit.write()
        # The apps below (stored competency figures) follow the new and changed employees.
        employees_changed.send(
            sender=Employee,
            agency_id=agency_id,
            employee_ids=[*new_ids, *(before[0] for _row, before, _record in payload.updates)],
        )

    @staticmethod
    def _columns(record) -> tuple:
        """The values of WRITE_COLUMNS: the record without its supervisor."""
        return _write_values(record)

    def _write_units(self) -> dict:
        new_units = self.payload.new_units
        if not new_units:
            return {}
        change = TreeChange(
            wanted={code: (name, None) for code, name in new_units.items()},
            stored=stored_units(self.agency_id),
        )
        return tree_write(agency_id=self.agency_id, actor=self.actor, change=change)

    def _write_positions(self, unit_ids) -> dict:
        new_positions = self.payload.new_positions
        if not new_positions:
            return {}
        rows, audit_rows = [], []
        for (unit_ref, _key), (name, kind, _row) in new_positions.items():
            unit_id = unit_ids[unit_ref[1]] if isinstance(unit_ref, tuple) else unit_ref
            uid = uuid7_hex(1)[0]
            rows.append((self.agency_id, uid, unit_id, name, kind))
            audit_rows.append((uid, name, kind, unit_id))
        insert_rows(Position._meta.db_table, ["agency_id", "uuid", "unit_id", "name", "kind"], rows)
        for uid, name, kind, unit_id in audit_rows:
            self.audit.add_created(
                action="employees.position.created",
                object_type=POSITION_TYPE,
                uuid=uid,
                label=name,
                after={"name": name, "kind": kind, "unit": unit_id},
            )
        ids = {}
        for pk, unit_id, name in Position.objects.filter(agency_id=self.agency_id).values_list(
            "id", "unit_id", "name"
        ):
            ids.setdefault((unit_id, vocabulary_key(name)), pk)
        return ids

    def _write_assignments(self, ids) -> None:
        """Moved employees: keep the stretch that ends yesterday, start the new one today.

        New employees get no history row: their current stretch is the employee row itself
        (see employees.models.Assignment), so a first import writes no history at all.
        """
        moved = [
            before[0]
            for _row, before, record in self.payload.updates
            if (record[F_UNIT], record[F_POSITION]) != (before[2 + F_UNIT], before[2 + F_POSITION])
        ]
        if not moved:
            return
        db = self.db
        today = timezone.localdate()
        end = db.date(today - dt.timedelta(days=1))
        stretches = []
        for chunk_start in range(0, len(moved), 900):
            chunk = moved[chunk_start : chunk_start + 900]
            stretches += Employee.objects.filter(pk__in=chunk).values_list(
                "pk", "unit_id", "position_id", "position_since"
            )
        rows = [
            (self.agency_id, pk, unit_id, position_id, db.date(since) if since else None, end)
            for pk, unit_id, position_id, since in stretches
        ]
        uuids = uuid7_hex(len(rows))
        insert_rows(
            Assignment._meta.db_table,
            ["uuid", "agency_id", "employee_id", "unit_id", "position_id", "start_date",
             "end_date"],
            [(uid, *row) for uid, row in zip(uuids, rows, strict=True)],
        )  # fmt: skip
        update_rows(
            Employee._meta.db_table, ["position_since"], [(db.date(today), pk) for pk in moved]
        )

    def _audit_updates(self, ids) -> None:
        audit = self.audit
        fields = EMPLOYEE_AUDIT_FIELDS
        for _row, before, record in self.payload.updates:
            old_snapshot = list(before[2:])  # supervisor already an id here
            old_snapshot[F_BIRTH] = old_snapshot[F_BIRTH].isoformat()
            new_snapshot = _snapshot(record, ids)
            audit.add(
                action="employees.employee.updated",
                object_type=EMPLOYEE_TYPE,
                uuid=before[1],
                label=_label(record),
                changes={
                    k: [a, b]
                    for k, a, b in zip(fields, old_snapshot, new_snapshot, strict=True)
                    if a != b
                },
            )


WRITE_COLUMNS = [
    Employee._meta.get_field(name).attname for name in EMPLOYEE_AUDIT_FIELDS if name != "supervisor"
]
_write_values = operator.itemgetter(*(i for i in range(len(FIELD_HEADERS)) if i != F_SUPERVISOR))


def _snapshot(record, ids) -> list:
    """Values as core.audit.snapshot writes them: ids for relations, ISO dates."""
    values = list(record)
    values[F_BIRTH] = values[F_BIRTH].isoformat() if values[F_BIRTH] else None
    values[F_SUPERVISOR] = ids.get(values[F_SUPERVISOR]) if values[F_SUPERVISOR] else None
    return values


# str(Employee) (full_name and NIP) as SQL, for the rows an import writes: their cells are
# stripped and the name is never empty, so full_name's strip() has nothing else to remove.
EMPLOYEE_LABEL_SQL = (
    """CASE WHEN "front_title" = '' THEN "name" ELSE "front_title" || ' ' || "name" END"""
    """ || CASE WHEN "back_title" = '' THEN '' ELSE ', ' || "back_title" END"""
    """ || ' (' || "nip" || ')'"""
)


def _label(record) -> str:
    name = f"{record[F_FRONT]} {record[F_NAME]}".strip()
    name = f"{name}, {record[F_BACK]}" if record[F_BACK] else name
    return f"{name} ({record[F_NIP]})"


def employee_template_columns() -> list[Column]:
    return TEMPLATE_COLUMNS


assert [c.header for c in TEMPLATE_COLUMNS] == EMPLOYEE_HEADERS
assert all(header_key(c.header) for c in TEMPLATE_COLUMNS)
