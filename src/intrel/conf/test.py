"""Tests: fast hashing, in-memory mail, the database from DATABASE_URL (SQLite by default)."""

import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"write": "10000/min"}}
# Tests read English messages unless they ask for Dutch (core/tests/test_language.py checks
# that the product itself is Dutch first).
LANGUAGE_CODE = "en"
# Page tests sign in with force_login; tests/security/test_mfa.py switches this on.
INTREL_REQUIRE_MFA = False
# Each test process its own versions of cached reads (core/versions.py): another process's writes
# must not make a cache miss of this one's.
INTREL_VERSION_DIR = tempfile.mkdtemp(prefix="intrel-versions-")
