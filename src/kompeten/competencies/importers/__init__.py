"""Imports of the competency module: the dictionary, position standards, assessment results.

All three follow core/imports: every row is checked in plain Python against data loaded
once, problems are reported by row and column, and a valid file is written in the caller's
single transaction. Registered in core/imports/registry.py by these dotted paths.
"""

from kompeten.competencies.importers.assessments import (
    ASSESSMENT_FIXED_HEADERS,
    AssessmentImporter,
    AssessmentRow,
    AssessmentSheet,
    assessment_inputs,
)
from kompeten.competencies.importers.dictionary import COMPETENCY_HEADERS, CompetencyImporter
from kompeten.competencies.importers.standards import STANDARD_FIXED_HEADERS, StandardImporter

__all__ = [
    "ASSESSMENT_FIXED_HEADERS",
    "COMPETENCY_HEADERS",
    "STANDARD_FIXED_HEADERS",
    "AssessmentImporter",
    "AssessmentRow",
    "AssessmentSheet",
    "CompetencyImporter",
    "StandardImporter",
    "assessment_inputs",
]
