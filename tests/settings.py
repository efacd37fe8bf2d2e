"""Test settings: only what must differ from production (style.md §10)."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from kompeten.settings import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Plain storage: the manifest storage fails before collectstatic (stack-notes.md).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
AXES_ENABLED = os.environ.get("AXES_ENABLED", "1") == "1"
LANGUAGE_CODE = "id"
# Persistent connections from live_server threads keep PostgreSQL test databases busy at
# teardown ("is being accessed by other users").
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
