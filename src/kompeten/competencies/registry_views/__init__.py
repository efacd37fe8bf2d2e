"""Pages of the competency registry: dictionary, standards, settings, assessments.

Thin views: scoped reads (competencies.selectors and the read helpers in `common`), writes
through competencies.services.
"""
