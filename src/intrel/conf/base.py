"""Settings shared by every environment.

Everything that differs per installation comes from the environment (django-environ); every
variable, its default and its meaning: docs/configuration.md. Base settings hold no secrets and no
permissive hosts.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent  # src/intrel
BASE_DIR = SRC_DIR.parent.parent  # the repository / installation root

env = environ.Env()
# A local .env file is read when present (development convenience; never committed).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    # Imports every app's rules.py: the object-level permissions (issue 18, ADR 0020).
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "intrel.accounts",
    "intrel.core",
    "intrel.partners",
    "intrel.relations",
    "intrel.governance",
    "intrel.budgets",
    "intrel.initiatives",
    "intrel.imports",
    "intrel.assessments",
    "intrel.reviews",
    "intrel.demo",
    "intrel.scale",
    "intrel.start",
    "intrel.portal",
    "intrel.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # On SQLite, pages that only read take no write lock (docs/adr/0022).
    "intrel.core.middleware.SQLiteReadsDoNotWaitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "intrel.core.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The door of every write (page, API, admin), kept with its history row (issue 18).
    "intrel.core.doors.DoorMiddleware",
    "intrel.api.middleware.ApiVersionMiddleware",
    "intrel.core.guard.InputGuardMiddleware",
    "intrel.core.middleware.LoginRequiredMiddleware",
    "intrel.core.failures.FailureMiddleware",
    "intrel.core.middleware.SessionIdleTimeoutMiddleware",
    # A second factor for functioneel beheer and the admin (docs/security.md, ADR 0016).
    "intrel.accounts.mfa.SecondFactorMiddleware",
    # Last, as django-axes asks: turns a refused login of a locked-out account into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intrel.urls"
WSGI_APPLICATION = "intrel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intrel.core.context_processors.navigation",
            ],
        },
    },
]

# DATABASE_URL selects the database: postgres://user:pass@host:5432/name in production;
# the embedded SQLite file is the default for a newcomer's machine.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, so read-then-write checks cannot interleave.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # Write-ahead log: readers never wait for a writer, and a writer waits (busy timeout, in
    # ms, the same 20 s) instead of failing at once; NORMAL is durable with WAL except for the
    # last transactions on a power cut, never corrupt (docs/security.md, issue 18).
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL selects the cache (the public portal's pages, docs/portal.md): local memory per
# process by default; redis://host:6379/1 for several app servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://intrel")}
# Several app servers share one Redis (CACHE_URL=redis://...): the cache, the API's write
# throttle (DRF counts in the default cache) and the sessions, read through that cache and
# kept in the database too, so a restart of Redis logs no one out. Login lock-outs (django-axes)
# are counted in the database, shared already. docs/deployment.md, "Scaling out".
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith(".RedisCache")
    else "django.contrib.sessions.backends.db"
)

# Background work (e-mail, reports) through Django's task framework (the django-tasks backport of
# Django 6's API; ADR 0019). Inline in development and tests; production queues in the database and
# runs `intrel db_worker` beside the web server. INTREL_TASK_BACKEND names another backend (for
# example django_tasks_rq.RQBackend for a region that runs many municipalities on Redis).
TASKS = {
    "default": {
        "BACKEND": env(
            "INTREL_TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# Retention (issue 18, docs/security.md "Privacy"): days after a relation ended before
# `intrel retention` pseudonymises its contact persons (0: when the file closes).
INTREL_RETENTION_CONTACTS_DAYS = env.int("INTREL_RETENTION_CONTACTS_DAYS", default=0)
# Days the audit log keeps the address each write came from (personal data); `intrel retention`
# empties older ones. The write itself (who, what, when, door) stays.
INTREL_RETENTION_AUDIT_ADDRESS_DAYS = env.int("INTREL_RETENTION_AUDIT_ADDRESS_DAYS", default=180)
# How many proxies in front of intrel append the client's address to X-Forwarded-For (nginx:
# `proxy_add_x_forwarded_for`). 0: the header is ignored (a client can write anything in it) and
# the address is the WSGI server's peer. For the audit log and the login lock-out
# (core.doors.client_address, docs/deployment.md).
INTREL_PROXY_COUNT = env.int("INTREL_PROXY_COUNT", default=0)
# The address the application is reached at, for links in e-mail sent by a background task (no
# request to read it from): the review's reminders link to the action's page.
INTREL_SITE_URL = env("INTREL_SITE_URL", default="http://localhost:8000")
# How long a public page may come from the cache at most; a write bumps it sooner (seconds).
INTREL_PORTAL_CACHE_SECONDS = env.int("INTREL_PORTAL_CACHE_SECONDS", default=300)
# With the cache in local memory (per process), the versions of cached reads live in files here,
# shared by every worker of the server (core/versions.py, ADR 0021).
INTREL_VERSION_DIR = env("INTREL_VERSION_DIR", default=str(BASE_DIR / "var" / "versions"))
# JSON fixtures and backups keep times to the microsecond (core/serializers.py, issue 18).
SERIALIZATION_MODULES = {"json": "intrel.core.serializers"}
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a login while the account+address is locked out (docs/security.md);
# then the model backend, which refuses a demo account's public password when DEBUG is off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "intrel.accounts.backends.AccountBackend",
    # Object-level permissions (django-rules): user.has_perm(codename, obj) asks the rule the
    # app registered in its rules.py (docs/security.md, ADR 0020).
    "rules.permissions.ObjectPermissionBackend",
]
# Login throttling: after this many wrong passwords for one user name from one address, that
# pair is locked out for the cool-off (also on the admin's login).
AXES_FAILURE_LIMIT = env.int("INTREL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("INTREL_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address as the audit log reads it (INTREL_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "intrel.core.doors.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "intrel.accounts.lockout.locked_out_response"
AXES_USERNAME_FORM_FIELD = "username"
# Every failed login is kept (axes_accessfailurelog; at most 1000 per user name) for functioneel
# beheer and the security officer.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# No start-up banner on stderr: commands (intrel policy, intrel impact) keep stderr for errors.
AXES_VERBOSE = False
# A session ends after this many minutes without a request (idle timeout); it ends anyhow
# SESSION_COOKIE_AGE after the login (absolute lifetime, Django's default of 14 days).
INTREL_SESSION_IDLE_MINUTES = env.int("INTREL_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
# A second factor (TOTP, django-otp) is required for functioneel beheer and everyone who may
# use the admin (staff, superusers) when this is on: on by default, off in the development and
# demo settings (conf/dev.py) and the tests' (which switch it on where they test it). Anyone
# who set up a second factor is asked for it whatever this says. docs/security.md, ADR 0016.
INTREL_REQUIRE_MFA = env.bool("INTREL_REQUIRE_MFA", default=True)
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = env("INTREL_MFA_ISSUER", default="intrel")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start:home"
LOGOUT_REDIRECT_URL = "login"

# Dutch first; English switchable through the language menu (django.views.i18n.set_language).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_URL = "media/"
# Uploaded files (signed agreements, import sheets) on local disk by default.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Uploads above this size are refused with a message (bytes).
INTREL_MAX_UPLOAD_BYTES = env.int("INTREL_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# A DOCX is a ZIP: bounded from its directory before anything is unpacked (core/uploads.py).
INTREL_DOCX_MAX_MEMBERS = env.int("INTREL_DOCX_MAX_MEMBERS", default=1000)
INTREL_DOCX_MAX_UNPACKED_BYTES = env.int(
    "INTREL_DOCX_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024
)
INTREL_DOCX_MAX_RATIO = env.int("INTREL_DOCX_MAX_RATIO", default=200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Import files are checked against these before and while they are read, so that a small file
# cannot unpack or expand into gigabytes (a "zip bomb"); a file over a limit is refused with a
# message naming the limit. A municipality has tens to a few thousand relations. See
# docs/import.md.
INTREL_IMPORT_MAX_ROWS = env.int("INTREL_IMPORT_MAX_ROWS", default=10_000)
INTREL_IMPORT_MAX_COLUMNS = env.int("INTREL_IMPORT_MAX_COLUMNS", default=60)
INTREL_IMPORT_MAX_CELL_CHARS = env.int("INTREL_IMPORT_MAX_CELL_CHARS", default=10_000)
INTREL_IMPORT_MAX_JSON_DEPTH = env.int("INTREL_IMPORT_MAX_JSON_DEPTH", default=20)
# XLSX: what its ZIP directory says, read before anything is unpacked.
INTREL_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "INTREL_IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024
)
# Per part: sheets and shared strings (read row by row, or as one text each) ...
INTREL_IMPORT_MAX_MEMBER_BYTES = env.int("INTREL_IMPORT_MAX_MEMBER_BYTES", default=40 * 1024 * 1024)
# ... and the parts openpyxl turns into objects whole (styles, workbook, properties).
INTREL_IMPORT_MAX_OTHER_MEMBER_BYTES = env.int(
    "INTREL_IMPORT_MAX_OTHER_MEMBER_BYTES", default=5 * 1024 * 1024
)
INTREL_IMPORT_MAX_MEMBERS = env.int("INTREL_IMPORT_MAX_MEMBERS", default=200)
# Unpacked size / packed size of one member, checked for members above 1 MB unpacked.
INTREL_IMPORT_MAX_COMPRESSION_RATIO = env.int("INTREL_IMPORT_MAX_COMPRESSION_RATIO", default=100)
# API request bodies: largest accepted (bytes) and deepest JSON nesting (core/guard.py).
INTREL_API_MAX_BODY_BYTES = env.int("INTREL_API_MAX_BODY_BYTES", default=1024 * 1024)
INTREL_API_MAX_JSON_DEPTH = env.int("INTREL_API_MAX_JSON_DEPTH", default=32)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="intrel@localhost")

# The municipality this installation serves: used by the twin-towns seed and the public pages.
INTREL_MUNICIPALITY = env("INTREL_MUNICIPALITY", default="Helmond")
# The municipality's IATI organisation identifier (e.g. NL-KVK-<number> or NL-OIN-<number>) for
# the IATI file of supported initiatives; empty: a placeholder NL-GEM-<NAME> (docs/portal.md).
INTREL_IATI_ORGANISATION_ID = env("INTREL_IATI_ORGANISATION_ID", default="")
INTREL_MUNICIPALITY_COUNTRY = env("INTREL_MUNICIPALITY_COUNTRY", default="NL")
# Where it lies (decimal degrees): the centre of the partners' map in the review's council report.
INTREL_MUNICIPALITY_LATITUDE = env.float("INTREL_MUNICIPALITY_LATITUDE", default=51.4817)
INTREL_MUNICIPALITY_LONGITUDE = env.float("INTREL_MUNICIPALITY_LONGITUDE", default=5.6611)
# The framework the council adopted; assessments use it unless another is asked for.
INTREL_DEFAULT_FRAMEWORK = env("INTREL_DEFAULT_FRAMEWORK", default="helmond-2013")
# The date the framework takes effect is the framework file's (`effective_from`), not a setting.
# Committee quorum: the least number of voting members present for a decision; 0 means
# "more than half of the voting members" (the default). See docs/governance.md.
INTREL_COMMITTEE_QUORUM = env.int("INTREL_COMMITTEE_QUORUM", default=0)
# Demo accounts may only be created while DEBUG is on.
INTREL_DEMO_PASSWORD = env("INTREL_DEMO_PASSWORD", default="intrel-demo-2026")

REST_FRAMEWORK = {
    # No ?format= override: an unknown format answered 404 to any list (found by schemathesis);
    # the representation is chosen by the Accept header alone.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A service token (svc_...) first: the first class also names the 401's challenge.
        "intrel.api.authentication.ServiceTokenAuthentication",
        "intrel.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["intrel.api.permissions.RolePermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "intrel.api.pagination.LinkPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "intrel.api.exceptions.problem_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"write": env("INTREL_API_WRITE_RATE", default="120/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_VERSION = "1.0.0"
# A person's API token expires this many days after it is made unless a shorter or longer
# lifetime is asked for (docs/security.md).
INTREL_API_TOKEN_DAYS = env.int("INTREL_API_TOKEN_DAYS", default=90)
# The longest lifetime anyone may give a person's token.
INTREL_API_TOKEN_MAX_DAYS = env.int("INTREL_API_TOKEN_MAX_DAYS", default=366)

SPECTACULAR_SETTINGS = {
    "TITLE": "intrel API",
    "DESCRIPTION": (
        "International relations of a municipality, by the framework its council adopted."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "CONTACT": {
        "name": "intrel",
        "url": "https://example.org/intrel",
        "email": "intrel@example.org",
    },
    # Paths are relative to the server URL, which carries the major version (ADR uri-version).
    "SERVERS": [{"url": "/api/v1", "description": "This installation"}],
    "SCHEMA_PATH_PREFIX_TRIM": True,
    # Choice sets that share a field name ("kind") get a name of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "intrel.partners.constants.PartnerKind",
        "OwnerKindEnum": "intrel.relations.constants.OwnerKind",
        "ActivityKindEnum": "intrel.relations.constants.ActivityKind",
        "BudgetHolderEnum": "intrel.relations.constants.BudgetHolder",
        "BudgetLineHolderEnum": "intrel.budgets.constants.HolderKind",
        # Read: every value stored; write: what the API may create (intrel.api.fields).
        "CommitteeRoleEnum": "intrel.governance.constants.CommitteeRole",
        "SeatRoleEnum": "intrel.governance.constants.SEAT_ROLES",
        "DecisionKindEnum": "intrel.governance.constants.DecisionKind",
        "RecordedDecisionKindEnum": "intrel.governance.constants.RECORDED_DECISION_KINDS",
        "StatusEnum": "intrel.relations.constants.Status",
        "LifeStepKindEnum": "intrel.relations.life.StepKind",
        "ReviewRoundStatusEnum": "intrel.reviews.constants.RoundStatus",
        "ActionEnum": "intrel.initiatives.api.ACTIONS",
        "ReviewStepEnum": "intrel.reviews.api.STEP_ACTIONS",
    },
    # API-Version header and problem+json error responses on every operation (docs/api.md).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "intrel.api.schema.add_adr_conventions",
    ],
}

# Content-Security-Policy (django-csp 4): scripts, styles, images and fonts from this site only,
# never inline (every script is a static file; templates carry no on...= handlers or style
# attributes: tests/security/test_csp.py). docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Citizen initiatives (issue 13): how long the initiator's private link works, and how many
# initiatives one address may submit per hour through the public form (spam defence).
INTREL_INITIATIVE_LINK_DAYS = env.int("INTREL_INITIATIVE_LINK_DAYS", default=180)
# ``intrel remind`` e-mails the owners of involvements and agreements ending within this many days.
INTREL_REMIND_DAYS = env.int("INTREL_REMIND_DAYS", default=60)
INTREL_INITIATIVE_RATE_LIMIT = env.int("INTREL_INITIATIVE_RATE_LIMIT", default=3)
