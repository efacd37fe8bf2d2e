"""Catalog services: partners, activities with targets, the JP conversion table, settings."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kompeten.competencies.models import Competency
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development import rules
from kompeten.development.models import (
    Activity,
    ActivityCompetency,
    ConversionRule,
    DevelopmentSettings,
    Partner,
)
from tests.conftest import count_rows


@pytest.fixture
def m5(agency):
    return Competency.objects.get(agency=agency, code="M.5")


def _activity(agency, **fields):
    values = {
        "code": "DT-1", "title": "Pelayanan Prima", "form": "diklat_teknis", "jp": Decimal(24),
        "cost_per_participant": 1_500_000, "delivery": "in_person",
    }  # fmt: skip
    values.update(fields)
    return cs.activity_create(actor=None, agency=agency, **values)


def test_it_creates_an_activity_with_targets_and_audits_it(agency, m5):
    activity = _activity(agency, targets=[(m5, 3)])
    assert [(t.competency.code, t.target_level) for t in activity.targets.all()] == [("M.5", 3)]
    event = AuditEvent.objects.get(action="development.activity.created")
    assert event.changes["targets"] == [None, "M.5:3"]
    assert event.changes["cost_per_participant"] == [None, 1_500_000]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"jp": Decimal(-4)}, "jp", "JP tidak boleh negatif."),
        ({"jp": Decimal(5000)}, "jp", "tidak wajar"),
        ({"jp": None}, "jp", "JP wajib diisi"),
        ({"cost_per_participant": -1}, "cost_per_participant", "Biaya tidak boleh negatif."),
        ({"cost_per_participant": 5_000_000_000}, "cost_per_participant", "tidak wajar"),
        ({"form": "tidak_ada"}, "form", "tidak dikenal"),
    ],
)
def test_it_refuses_bad_jp_cost_or_form_and_writes_nothing(agency, fields, field, message):
    before = count_rows(Activity, AuditEvent)
    with pytest.raises(ValidationError) as info:
        _activity(agency, **fields)
    assert message in " ".join(info.value.message_dict[field])
    assert count_rows(Activity, AuditEvent) == before


def test_jp_may_be_empty_when_the_forms_conversion_gives_it(agency):
    """Workshop: 5 JP per day by the default table, so the catalog needs no JP."""
    activity = _activity(agency, form="workshop", jp=None)
    assert activity.jp is None


def test_jp_is_required_again_when_the_agency_converts_the_form_by_actual_jp(agency):
    cs.conversions_save(
        actor=None, agency=agency, conversions={"workshop": rules.Conversion(rules.ACTUAL)}
    )
    with pytest.raises(ValidationError):
        _activity(agency, form="workshop", jp=None)


def test_it_refuses_a_duplicate_code_whatever_the_case(agency):
    _activity(agency, code="DT-1")
    with pytest.raises(ValidationError) as info:
        _activity(agency, code="dt-1")
    assert "code" in info.value.message_dict


def test_it_refuses_a_competency_or_partner_of_another_agency(agency, other_agency):
    foreign = Competency.objects.get(agency=other_agency, code="M.1")
    with pytest.raises(ValidationError):
        _activity(agency, targets=[(foreign, 2)])
    partner = Partner.objects.create(agency=other_agency, name="Mitra B", kind="other")
    with pytest.raises(ValidationError):
        _activity(agency, code="DT-2", partner=partner)
    assert not Activity.objects.filter(agency=agency).exists()


def test_update_replaces_targets_and_records_old_and_new(agency, m5):
    m1 = Competency.objects.get(agency=agency, code="M.1")
    activity = _activity(agency, targets=[(m5, 3)])
    cs.activity_update(actor=None, activity=activity, targets=[(m1, 2), (m5, 4)], title="Baru")
    assert dict(
        ActivityCompetency.objects.filter(activity=activity).values_list(
            "competency__code", "target_level"
        )
    ) == {"M.1": 2, "M.5": 4}
    event = AuditEvent.objects.get(action="development.activity.updated")
    assert event.changes["targets"] == ["M.5:3", "M.1:2, M.5:4"]
    assert event.changes["title"] == ["Pelayanan Prima", "Baru"]


def test_deactivation_is_audited_and_reversible(agency):
    activity = _activity(agency)
    cs.activity_set_active(actor=None, activity=activity, active=False)
    activity.refresh_from_db()
    assert not activity.is_active
    assert AuditEvent.objects.filter(action="development.activity.deactivated").count() == 1


def test_conversion_for_falls_back_to_the_shipped_defaults(agency):
    assert cs.conversion_for(agency.pk, "workshop") == rules.DEFAULT_CONVERSIONS["workshop"]
    assert cs.conversion_for(agency.pk, "kursus") == rules.DEFAULT_CONVERSION
    ConversionRule.objects.create(agency=agency, form="kursus", basis="per_day", jp=6)
    assert cs.conversion_for(agency.pk, "kursus") == rules.Conversion("per_day", 6)


def test_conversion_table_lists_all_25_forms(agency):
    table = cs.conversion_table(agency.pk)
    assert [row.form.code for row in table] == [f.code for f in rules.FORMS]
    assert len(table) == 25
    assert not any(row.stored for row in table)


def test_saving_the_table_writes_rows_and_audits_only_the_changes(agency):
    conversions = {row.form.code: row.conversion for row in cs.conversion_table(agency.pk)}
    conversions["seminar"] = rules.Conversion(rules.PER_DAY, 6)
    assert cs.conversions_save(actor=None, agency=agency, conversions=conversions) == 1
    assert ConversionRule.objects.filter(agency=agency).count() == 25
    event = AuditEvent.objects.get(action="development.conversion.updated")
    assert list(event.changes) == ["seminar"]
    assert cs.conversion_for(agency.pk, "seminar") == rules.Conversion(rules.PER_DAY, 6)


@pytest.mark.parametrize(
    "conversion",
    [
        rules.Conversion(rules.PER_DAY, 0),
        rules.Conversion(rules.PER_ACTIVITY, 500),
        rules.Conversion(rules.ACTUAL, max_jp_per_day=40),
        rules.Conversion(rules.PER_SESSION, 2, max_sessions_per_month=0),
        rules.Conversion("per_week", 2),
    ],
)
def test_it_refuses_absurd_conversions_and_writes_nothing(agency, conversion):
    with pytest.raises(ValidationError):
        cs.conversions_save(actor=None, agency=agency, conversions={"coaching": conversion})
    assert not ConversionRule.objects.filter(agency=agency).exists()


def test_settings_are_read_without_writing_and_updated_with_audit(agency):
    assert cs.minimum_jp(agency.pk) == {"PNS": 20, "PPPK": 20}
    assert not DevelopmentSettings.objects.filter(agency=agency).exists()
    cs.development_settings_update(actor=None, agency=agency, minimum_jp_pns=24, minimum_jp_pppk=20)
    assert cs.minimum_jp(agency.pk) == {"PNS": 24, "PPPK": 20}
    event = AuditEvent.objects.get(action="development.settings.updated")
    assert event.changes == {"minimum_jp_pns": [20, 24]}
    with pytest.raises(ValidationError):
        cs.development_settings_update(
            actor=None, agency=agency, minimum_jp_pns=0, minimum_jp_pppk=20
        )


def test_partner_names_are_unique_per_agency_ignoring_case(agency, other_agency):
    cs.partner_create(actor=None, agency=agency, name="BPSDM Provinsi", kind="lan_bpsdm")
    cs.partner_create(actor=None, agency=other_agency, name="BPSDM Provinsi", kind="lan_bpsdm")
    with pytest.raises(ValidationError):
        cs.partner_create(actor=None, agency=agency, name="bpsdm  provinsi", kind="other")
