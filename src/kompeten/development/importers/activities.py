"""Import and export of the development catalog (kind "activities").

Headers: `Kode, Judul, Bentuk, JP, Biaya per Peserta, Penyelenggara, Jenis Penyelenggara,
Moda, Kompetensi` (and optionally `Prasyarat`, `Deskripsi`). Rows are matched by Kode
(case-insensitive): a known code updates the activity, a new one creates it. `Kompetensi`
reads `M.5:3, T.001:2` (code of the agency's dictionary : target level); an empty cell
removes the targets, a file without the column leaves them alone. A provider not yet in
the partner registry is created with the given Jenis Penyelenggara.

A catalog holds hundreds of entries, not 100,000: the commit goes through the catalog
services row by row, so imports are validated and audited exactly like the forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.competencies.importers.common import agency_competencies
from kompeten.core.imports.base import Column, Importer, Plan, resolve_columns, row_extractor
from kompeten.core.imports.cells import vocabulary_key
from kompeten.core.imports.readers import Table
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services, rules
from kompeten.development.models import Activity, ActivityCompetency, Partner

H_CODE, H_TITLE, H_FORM, H_JP = "Kode", "Judul", "Bentuk", "JP"
H_COST, H_PARTNER, H_KIND, H_DELIVERY = (
    "Biaya per Peserta",
    "Penyelenggara",
    "Jenis Penyelenggara",
    "Moda",
)
H_TARGETS, H_PREREQ, H_DESCRIPTION = "Kompetensi", "Prasyarat", "Deskripsi"
ACTIVITY_HEADERS = [
    H_CODE, H_TITLE, H_FORM, H_JP, H_COST, H_PARTNER, H_KIND, H_DELIVERY, H_TARGETS, H_PREREQ,
    H_DESCRIPTION,
]  # fmt: skip

# Files use the Indonesian vocabulary whatever the UI language (docs/decisions.md).
KIND_LABELS = {
    Partner.Kind.INTERNAL: "Internal instansi",
    Partner.Kind.LAN_BPSDM: "LAN / BPSDM",
    Partner.Kind.UNIVERSITY: "Perguruan tinggi",
    Partner.Kind.OTHER: "Mitra lain",
}
KIND_WORDS = {
    **{vocabulary_key(label): kind for kind, label in KIND_LABELS.items()},
    "internal": Partner.Kind.INTERNAL, "lan/bpsdm": Partner.Kind.LAN_BPSDM,
    "lan": Partner.Kind.LAN_BPSDM, "bpsdm": Partner.Kind.LAN_BPSDM,
    "universitas": Partner.Kind.UNIVERSITY, "mitra": Partner.Kind.OTHER,
    "lainnya": Partner.Kind.OTHER,
}  # fmt: skip
DELIVERY_LABELS = {
    Activity.Delivery.IN_PERSON: "Tatap muka",
    Activity.Delivery.ONLINE: "Daring",
    Activity.Delivery.BLENDED: "Campuran",
}
DELIVERY_WORDS = {
    **{vocabulary_key(label): d for d, label in DELIVERY_LABELS.items()},
    "luring": Activity.Delivery.IN_PERSON, "tatap-muka": Activity.Delivery.IN_PERSON,
    "online": Activity.Delivery.ONLINE, "blended": Activity.Delivery.BLENDED,
    "hybrid": Activity.Delivery.BLENDED, "hibrida": Activity.Delivery.BLENDED,
}  # fmt: skip
FORM_WORDS = {
    **{vocabulary_key(f.label): f.code for f in rules.FORMS},
    **{f.code: f.code for f in rules.FORMS},
}
_TARGET = re.compile(r"^\s*([^:\s]+)\s*:\s*(\S+)\s*$")

ACTIVITY_COLUMNS = [
    Column(H_CODE, required=True, example="DT-001",
           help="Kode unik kegiatan di katalog; kode yang sudah ada diperbarui."),
    Column(H_TITLE, required=True, example="Pelatihan Pelayanan Prima",
           help="Judul kegiatan."),
    Column(H_FORM, required=True, example="Diklat Teknis",
           allowed=", ".join(f.label for f in rules.FORMS),
           help="Bentuk pengembangan menurut daftar SIASN (huruf besar/kecil bebas)."),
    Column(H_JP, example="24",
           help="Jam pelajaran (1 JP = 45 menit). Boleh kosong bila tabel konversi bentuk ini "
                "menghitung JP per hari, per sesi atau per kegiatan."),
    Column(H_COST, aliases=("Biaya",), example="1500000",
           help="Biaya per peserta dalam rupiah bulat; kosong berarti gratis."),
    Column(H_PARTNER, example="BPSDM Provinsi",
           help="Nama mitra penyelenggara; mitra baru dibuat dengan jenis di kolom berikut."),
    Column(H_KIND, example="LAN / BPSDM", allowed=", ".join(KIND_LABELS.values()),
           help="Wajib bila penyelenggara belum ada di daftar mitra."),
    Column(H_DELIVERY, required=True, example="Tatap muka",
           allowed=", ".join(DELIVERY_LABELS.values()), help="Moda pelaksanaan."),
    Column(H_TARGETS, example="M.5:3, T.001:2",
           help="Kompetensi yang dikembangkan dan level sasarannya: kode:level, dipisah koma. "
                "Sel kosong menghapus kompetensi kegiatan ini."),
    Column(H_PREREQ, help="Prasyarat peserta (boleh kosong)."),
    Column(H_DESCRIPTION, help="Deskripsi singkat (boleh kosong)."),
]  # fmt: skip


@dataclass
class ActivityChange:
    row: int
    activity_id: int | None
    fields: dict
    partner_name: str
    targets: list | None  # [(Competency, level)] or None: leave as they are


def activity_rows(activities):
    """Export rows in ACTIVITY_HEADERS order: an export can be imported back."""
    for a in activities:
        targets = ", ".join(
            f"{t.competency.code}:{t.target_level}" for t in getattr(a, "visible_targets", [])
        )
        yield [
            a.code,
            a.title,
            rules.FORM_BY_CODE[a.form].label,
            _jp_text(a.jp),
            a.cost_per_participant,
            a.partner.name if a.partner_id else "",
            KIND_LABELS.get(a.partner.kind, "") if a.partner_id else "",
            DELIVERY_LABELS.get(a.delivery, a.delivery),
            targets,
            a.prerequisites,
            a.description,
        ]


def _jp_text(jp) -> str:
    if jp is None:
        return ""
    return str(jp.normalize()) if jp == jp.to_integral() else str(jp)


def parse_cost(text: str) -> int:
    """`1500000`, `1.500.000`, `Rp 1.500.000`; raises ValueError otherwise."""
    text = re.sub(r"(?i)^rp\.?\s*", "", text).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(text)
    return int(text)


class ActivityImporter(Importer):
    kind = "activities"
    title = "Katalog pengembangan"
    description = _lazy(
        "Kolom: Kode, Judul, Bentuk, JP, Biaya per Peserta, Penyelenggara, Jenis "
        "Penyelenggara, Moda, Kompetensi (mis. M.5:3, T.001:2). Kegiatan dengan kode yang "
        "sudah ada diperbarui; penyelenggara baru ditambahkan ke daftar mitra."
    )
    columns = ACTIVITY_COLUMNS
    touched_models = (Activity, ActivityCompetency, Partner, AuditEvent)

    def validate(self, table: Table) -> Plan:
        plan = Plan(total_rows=len(table.rows))
        indexes, col, plan.errors = resolve_columns(table, self.columns)
        if plan.errors:
            return plan
        agency_id = self.agency.pk
        headers = [c.header for c in self.columns]
        extract = row_extractor([indexes[h] for h in headers])
        has_targets = indexes[H_TARGETS] is not None
        has_prereq = indexes[H_PREREQ] is not None
        has_description = indexes[H_DESCRIPTION] is not None
        dictionary = agency_competencies(agency_id)
        stored = {
            a.code.upper(): a
            for a in Activity.objects.filter(agency_id=agency_id).select_related("partner")
        }
        stored_targets: dict[int, dict] = {}
        for activity_id, competency_id, level in ActivityCompetency.objects.filter(
            agency_id=agency_id
        ).values_list("activity_id", "competency_id", "target_level"):
            stored_targets.setdefault(activity_id, {})[competency_id] = level
        partners = {vocabulary_key(p.name): p for p in Partner.objects.filter(agency_id=agency_id)}
        new_partners: dict[str, tuple[str, int]] = {}  # key -> (kind, first row)
        bases = {row.form.code: row.conversion.basis for row in
                 catalog_services.conversion_table(agency_id)}  # fmt: skip
        error = plan.add_error
        required = _("wajib diisi")
        seen: dict[str, int] = {}
        changes: list[ActivityChange] = []
        for number, cells in table.rows:
            (
                code,
                title,
                form_text,
                jp_text,
                cost_text,
                partner_name,
                kind_text,
                delivery_text,
                targets_text,
                prereq,
                description,
            ) = extract(cells)
            errors_before = len(plan.errors)
            if not code:
                error(number, col[H_CODE], required)
            elif len(code) > 30:
                error(number, col[H_CODE], _("paling banyak 30 karakter"))
            elif code.upper() in seen:
                error(
                    number,
                    col[H_CODE],
                    _("kode ini sudah ada di baris %(row)s") % {"row": seen[code.upper()]},
                )
            else:
                seen[code.upper()] = number
            title = " ".join(title.split())
            if not title:
                error(number, col[H_TITLE], required)
            elif len(title) > 255:
                error(number, col[H_TITLE], _("paling banyak 255 karakter"))
            form = FORM_WORDS.get(vocabulary_key(form_text))
            if not form_text:
                error(number, col[H_FORM], required)
            elif form is None:
                error(
                    number,
                    col[H_FORM],
                    _("bentuk '%(value)s' tidak dikenal") % {"value": form_text},
                )
            jp = None
            if form is not None:
                try:
                    jp = catalog_services.jp_check(jp_text, required=bases[form] == rules.ACTUAL)
                except ValidationError as exc:
                    error(number, col[H_JP], _reason(exc))
            cost = 0
            if cost_text:
                try:
                    cost = catalog_services.cost_check(parse_cost(cost_text))
                except ValueError:
                    error(
                        number,
                        col[H_COST],
                        _("'%(value)s' bukan jumlah rupiah bulat") % {"value": cost_text},
                    )
                except ValidationError as exc:
                    error(number, col[H_COST], _reason(exc))
            kind = KIND_WORDS.get(vocabulary_key(kind_text)) if kind_text else None
            if kind_text and kind is None:
                error(
                    number,
                    col[H_KIND],
                    _("jenis penyelenggara '%(value)s' tidak dikenal") % {"value": kind_text},
                )
            partner_name = " ".join(partner_name.split())
            partner_key = vocabulary_key(partner_name)
            if partner_name and partner_key not in partners:
                if len(partner_name) > 200:
                    error(number, col[H_PARTNER], _("paling banyak 200 karakter"))
                elif kind is None and not kind_text:
                    error(
                        number,
                        col[H_KIND],
                        _("wajib diisi untuk penyelenggara baru '%(name)s'")
                        % {"name": partner_name},
                    )
                elif kind is not None:
                    first = new_partners.setdefault(partner_key, (kind, number))
                    if first[0] != kind:
                        error(
                            number,
                            col[H_KIND],
                            _("berbeda dengan jenis penyelenggara yang sama di baris %(row)s")
                            % {"row": first[1]},
                        )
            delivery = DELIVERY_WORDS.get(vocabulary_key(delivery_text))
            if not delivery_text:
                error(number, col[H_DELIVERY], required)
            elif delivery is None:
                error(
                    number,
                    col[H_DELIVERY],
                    _("moda '%(value)s' tidak dikenal") % {"value": delivery_text},
                )
            targets = None
            if has_targets:
                targets = self._targets(targets_text, dictionary, number, col[H_TARGETS], plan)
            if len(plan.errors) > errors_before:
                continue
            current = stored.get(code.upper())
            fields = {
                "code": current.code if current else code,
                "title": title,
                "form": form,
                "jp": jp,
                "cost_per_participant": cost,
                "delivery": delivery,
            }
            if has_prereq:
                fields["prerequisites"] = prereq
            if has_description:
                fields["description"] = description
            if current is None:
                plan.created += 1
                changes.append(ActivityChange(number, None, fields, partner_name, targets))
                plan.add_preview(row=number, action="baru", key=code, label=title, changes="")
                continue
            diff = [name for name, value in fields.items() if getattr(current, name) != value]
            old_partner = current.partner.name if current.partner_id else ""
            if vocabulary_key(old_partner) != partner_key:
                diff.append("partner")
            if targets is not None:
                wanted = {c.pk: level for c, level in targets}
                if wanted != stored_targets.get(current.pk, {}):
                    diff.append("targets")
            if not diff:
                plan.unchanged += 1
                continue
            plan.updated += 1
            changes.append(ActivityChange(number, current.pk, fields, partner_name, targets))
            plan.add_preview(
                row=number,
                action="diubah",
                key=current.code,
                label=title,
                changes=", ".join(diff),
            )
        if not plan.errors:
            plan.payload = (changes, new_partners)
            if new_partners:
                plan.notes.append(
                    _("%(n)s mitra penyelenggara baru akan ditambahkan.") % {"n": len(new_partners)}
                )
        return plan

    def _targets(self, text, dictionary, number, column, plan):
        targets, seen = [], set()
        for part in filter(None, (p.strip() for p in text.split(","))):
            match = _TARGET.match(part)
            if match is None:
                plan.add_error(
                    number, column, _("'%(value)s' bukan kode:level, mis. M.5:3") % {"value": part}
                )
                continue
            code, level = match.group(1).upper(), match.group(2)
            competency = dictionary.get(code)
            if competency is None:
                plan.add_error(
                    number,
                    column,
                    _("kode kompetensi '%(code)s' tidak ada di kamus kompetensi instansi ini")
                    % {"code": match.group(1)},
                )
            elif level not in {"1", "2", "3", "4", "5"}:
                plan.add_error(
                    number, column, _("level %(code)s harus 1 sampai 5") % {"code": competency.code}
                )
            elif code in seen:
                plan.add_error(
                    number,
                    column,
                    _("kompetensi %(code)s disebut dua kali") % {"code": competency.code},
                )
            else:
                seen.add(code)
                targets.append((competency, int(level)))
        return targets

    def commit(self, plan: Plan, *, progress) -> None:
        changes, new_partners = plan.payload
        agency = self.agency
        partners = {vocabulary_key(p.name): p for p in Partner.objects.filter(agency_id=agency.pk)}
        originals = {}
        for change in changes:
            if change.partner_name:
                key = vocabulary_key(change.partner_name)
                originals.setdefault(key, change.partner_name)
        for key, (kind, _row) in new_partners.items():
            partners[key] = catalog_services.partner_create(
                actor=self.actor, agency=agency, name=originals[key], kind=kind
            )
        activities = {
            a.pk: a
            for a in Activity.objects.filter(
                agency_id=agency.pk, pk__in=[c.activity_id for c in changes if c.activity_id]
            ).select_related("partner")
        }
        for done, change in enumerate(changes, start=1):
            partner = partners[vocabulary_key(change.partner_name)] if change.partner_name else None
            if change.activity_id is None:
                catalog_services.activity_create(
                    actor=self.actor,
                    agency=agency,
                    partner=partner,
                    targets=change.targets or (),
                    **change.fields,
                )
            else:
                catalog_services.activity_update(
                    actor=self.actor,
                    activity=activities[change.activity_id],
                    partner=partner,
                    targets=change.targets,
                    **change.fields,
                )
            if done % 100 == 0:
                progress(done)
        progress(plan.total_rows)


def _reason(exc: ValidationError) -> str:
    """A service message as an import reason, without its closing full stop."""
    return " ".join(exc.messages).rstrip(".")
