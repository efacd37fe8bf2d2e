"""Imports of the development module. Registered in core/imports/registry.py by dotted path."""

from kompeten.development.importers.activities import (
    ACTIVITY_HEADERS,
    ActivityImporter,
    activity_rows,
)

__all__ = ["ACTIVITY_HEADERS", "ActivityImporter", "activity_rows"]
