"""Test-only overrides, in this one place. Everything else is the real settings file."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")  # noqa: S105

from safeguarding.settings import *  # noqa: E402,F403

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Hashing passwords slowly protects nothing in a test database.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
# Tasks run in the test's own process unless a test starts a real worker (tests/safeguarding/test_celery.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Serve static files straight from the finders (the live server in browser tests), without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests change funding figures and read the comparison straight after.
FUNDING_PEER_CACHE_SECONDS = 0
