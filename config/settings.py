"""Renda settings: one module, read from the environment (12-factor, django-environ)."""

from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONE, SELF

from renda.core import secretkey

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Django classes that django-stubs declares generic (ModelAdmin[Event] …) accept type arguments at run time.
django_stubs_ext.monkeypatch()

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The signing key: SECRET_KEY from the environment (production: one long random value shared by every web
# host); otherwise a random key written once under var/ (renda.core.secretkey), so that one command starts the
# demo and no public default is ever used. renda.core.checks refuses a weak key (system check, error level).
SECRET_KEY = env("SECRET_KEY", default="") or secretkey.local_key(VAR_DIR / "secret_key")
# The master key of personal data at rest (renda.core.crypto): RENDA_DATA_KEY (64 hex digits) in production,
# kept apart from the database and its backups; otherwise a random key written once to var/data_key.
DATA_KEY = env("RENDA_DATA_KEY", default="")
DATA_KEY_FILE = VAR_DIR / "data_key"
# Rotation (docs/security.md): the id written into new ciphertexts, and retired keys ("1=<hex>,…") kept
# readable until `manage.py data_key_rotate` has re-encrypted everything under the current one.
DATA_KEY_ID = env("RENDA_DATA_KEY_ID", default="1")
DATA_KEYS_RETIRED = env.dict("RENDA_DATA_KEYS_RETIRED", default={})
# Private keys of open sealed polls (renda.voting.keystore): outside the database, never backed up.
VOTING_KEY_DIR = env.path("VOTING_KEY_DIR", default=VAR_DIR / "poll_keys")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "renda.core.admin_apps.RendaAdminConfig",  # django.contrib.admin, every write audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_filters",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "renda.core",
    "renda.organization",
    "renda.accounts",
    "renda.deputies",
    "renda.meetings",
    "renda.voting",
    "renda.insight",
    "renda.proposals",
    "renda.livelihood",
    "renda.demo",
    "renda.reports",
    "renda.api",
    "renda.opinions",
    "renda.targets",
    "renda.procedures",
    "renda.supervision",
    "renda.legislation",
    "renda.decisions",
    "renda.appointments",
]

MIDDLEWARE = [
    "renda.api.fastcast.FastCastMiddleware",  # a phone's Bearer vote: the lean path, else passes on
    "renda.core.uploads.UploadLimitMiddleware",  # 413 before a too-large body is read (caps per use)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "renda.accounts.middleware.TwoFactorMiddleware",  # enrol / enter the code before anything else
    "renda.core.actors.ActorMiddleware",
    "renda.core.nostore.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "renda.core.context_processors.renda",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite (WAL) is the embedded default; PostgreSQL in production through DATABASE_URL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'renda.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # secure_delete: deleted rows (e.g. secret ballots re-stored shuffled at close) are overwritten
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
                "PRAGMA secure_delete=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # A file (not :memory:) so that a task worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / env("SQLITE_TEST_NAME", default="test.sqlite3"))}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "DATABASE_JIT", False
):
    # PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost: once the tables are
    # analysed, the targets' ranking (a province's 50,000 targets, each with its counts) spent 1.6 s of its
    # 2.9 s compiling before it ran (EXPLAIN ANALYZE; docs/benchmarks.md, "Issue 16 again"). Renda's queries
    # are short or read through indexes: off for its connections (DATABASE_JIT=true turns it back on).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()
# Persistent connections (each web thread keeps its own for CONN_MAX_AGE seconds, checked before reuse): on
# SQLite too — opening one costs its PRAGMAs and functions, and closing the last one checkpoints the WAL, on
# every request (measured: ~10 ms of a vote's 12, bench/cast_profile.py; docs/benchmarks.md, issue 11).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, whose load of the session's user also reads whether the user has an authenticator
    "renda.accounts.backends.UserBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes: lock an account+address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind the reverse proxy (renda.core.clientip): X-Forwarded-For is believed only from
# these proxies' addresses or networks, e.g. "127.0.0.1" for nginx on the same host.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "renda.core.clientip.request_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Two-factor sign-in (renda.accounts.rules, docs/security.md): TOTP with recovery codes, required for the
# roles of rules.TWOFA_REQUIRED_ROLES. TWOFA_ENFORCED=False turns the requirement off (tests that sign in with
# force_login; never in production).
TWOFA_ENFORCED = env.bool("TWOFA_ENFORCED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Renda")
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp's own growing wait after wrong codes (1 s, 2 s, 4 s …)
OTP_STATIC_THROTTLE_FACTOR = 1
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind the documented nginx (TLS there): HTTPS only, HSTS; the proxy header says the request was HTTPS.
# The production values are in docs/deploy.md; tests/test_deploy_check.py runs `check --deploy` with them.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's plain-HTTP health check
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
# The browsers' HSTS preload list is for public internet domains; an intranet name cannot be on it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): only Renda's own files run or style a page — no inline script, no
# style="…", no onclick=, no eval (htmx's hx-on is off: htmx-config allowEval=false); JSON data travels in
# json_script blocks (type application/json, never executed). img-src allows data: for Bootstrap's inline SVG
# icons (form-select arrow, navbar toggler, validation marks). No nonce is needed: nothing inline remains.
# tests/test_csp.py scans every main page; tests/e2e/test_csp.py records the browser's violations.
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
# The other headers `check --deploy` asks for (Django's defaults, said out loud): no framing, no MIME
# sniffing, no referrer outside the site, a window opened from elsewhere gets no handle on ours.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "renda.core.errors_views.csrf_failure"  # in the layout, translated, with a way back

# --- I18N ---------------------------------------------------------------------------------------
# Message ids are Simplified Chinese (the first language); English lives in locale/en.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: from the npm registry at set-up (node_modules), served by whitenoise ------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/echarts", BASE_DIR / "node_modules/echarts/dist"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# --- Background work: django-tasks with its database backend; `manage.py db_worker` runs them -------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://renda")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Renda domain settings (defaults from MISSION.md; places change them here or per congress) ----
# Roster files with at least this many data rows are imported by the background worker.
RENDA_IMPORT_BACKGROUND_MIN_ROWS = env.int("RENDA_IMPORT_BACKGROUND_MIN_ROWS", default=1000)
RENDA_IMPORT_MAX_BYTES = env.int("RENDA_IMPORT_MAX_BYTES", default=25 * 1024 * 1024)
# An uploaded .xlsx may unpack to at most this much, and its cells may reach at most this far (last row × last
# column): the reader holds the sheet as one grid in memory (renda/core/importing/reader.py).
RENDA_IMPORT_MAX_UNPACKED_BYTES = env.int("RENDA_IMPORT_MAX_UNPACKED_BYTES", default=128 * 1024 * 1024)
RENDA_IMPORT_MAX_CELLS = env.int("RENDA_IMPORT_MAX_CELLS", default=2_000_000)
# A background import may grow the worker's address space by at most this much (RLIMIT_AS while it runs);
# beyond it the job fails with a message and nothing is imported (renda/core/importing/jobs.py).
RENDA_IMPORT_MEMORY_CAP_BYTES = env.int("RENDA_IMPORT_MEMORY_CAP_BYTES", default=1024 * 1024 * 1024)
RENDA_IMPORT_TIMEOUT_SECONDS = env.int("RENDA_IMPORT_TIMEOUT_SECONDS", default=1800)
RENDA_DEMO_PASSWORD = env("RENDA_DEMO_PASSWORD", default="renda-demo-2026")
# Attachments of motions and suggestions (reply letters as PDF/DOCX/OFD …): largest accepted file.
RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES = env.int("RENDA_PROPOSAL_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Documents of a meeting's agenda items (reports, draft resolutions …): largest accepted file.
RENDA_MEETING_DOCUMENT_MAX_BYTES = env.int("RENDA_MEETING_DOCUMENT_MAX_BYTES", default=50 * 1024 * 1024)
# Evidence of a target's progress report (photos, PDF/DOCX/OFD): largest accepted file (a photo is also held
# to the photo cap, 8 MB, when it is re-encoded without EXIF).
RENDA_TARGET_EVIDENCE_MAX_BYTES = env.int("RENDA_TARGET_EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# Any request that does not upload a file (form fields, JSON): a longer body is refused (413) before it is
# read; pages that take files allow their use's cap + 1 MB (renda/core/uploads.py, and nginx: docs/deploy.md).
RENDA_MAX_REQUEST_BYTES = env.int("RENDA_MAX_REQUEST_BYTES", default=10 * 1024 * 1024)
# The proposals dashboard's figures are cached per scope for this long (0 turns the cache off); the Word
# report always recalculates. The targets' leader's view uses it too (keyed on the last change).
RENDA_DASHBOARD_CACHE_SECONDS = env.int("RENDA_DASHBOARD_CACHE_SECONDS", default=120)
# The letterhead of the Word reports (GB/T 9704): the issuing body (default: the congress's standing committee
# office) and its code in document numbers (机关代字: 江人常办〔2026〕3号).
RENDA_DOCUMENT_ISSUER = env("RENDA_DOCUMENT_ISSUER", default="")
RENDA_DOCUMENT_CODE = env("RENDA_DOCUMENT_CODE", default="人大常办")

# The lean path of a phone's vote (renda.api.fastcast, issue 11); off: every cast goes through the full stack.
RENDA_FAST_CAST = env.bool("RENDA_FAST_CAST", default=True)
