"""The importers by kind. Dotted paths: core must not import the apps below it in the flow."""

from django.utils.module_loading import import_string

IMPORTERS = {
    "units": "kompeten.agencies.importers.UnitImporter",
    "employees": "kompeten.employees.importers.EmployeeImporter",
    "competencies": "kompeten.competencies.importers.CompetencyImporter",
    "standards": "kompeten.competencies.importers.StandardImporter",
    "assessments": "kompeten.competencies.importers.AssessmentImporter",
    "activities": "kompeten.development.importers.activities.ActivityImporter",
    "records": "kompeten.development.importers.records.RecordImporter",
}


def importer_class(kind: str):
    try:
        return import_string(IMPORTERS[kind])
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}") from None
