"""Development: DEBUG on, console e-mail, a throwaway key if none is set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# A newcomer's `make run` logs in as the demo's functioneel beheer without a second factor
# (production settings require one: docs/security.md).
INTREL_REQUIRE_MFA = env.bool("INTREL_REQUIRE_MFA", default=False)
