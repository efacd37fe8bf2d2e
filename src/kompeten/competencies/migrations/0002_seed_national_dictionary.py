"""Give agencies created before this app their national competencies (M.1–M.8, SK.1)."""

from django.db import migrations

from kompeten.competencies.catalog import NATIONAL_COMPETENCIES


def seed(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    Competency = apps.get_model("competencies", "Competency")
    for agency in Agency.objects.all():
        have = set(Competency.objects.filter(agency=agency).values_list("code", flat=True))
        Competency.objects.bulk_create(
            [
                Competency(
                    agency=agency,
                    code=c["code"],
                    name=c["name"],
                    kind=c["kind"],
                    definition=c["definition"],
                    **{f"level_{i}": text for i, text in enumerate(c["levels"], start=1)},
                )
                for c in NATIONAL_COMPETENCIES
                if c["code"] not in have
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial"), ("agencies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
