"""Fixtures of the import tests."""

import pytest


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Uploads and progress files go to a per-test directory, not the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_PROGRESS_DIR = tmp_path / "progress"
