"""Settings for CivicGrid.

Everything that differs between an embedded install (one machine, SQLite) and a
scaled-out one (PostgreSQL, Redis, several app processes) comes from the
environment; the defaults are the embedded install.
"""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the embedded install keeps its database, task queue, uploads and the
# generated secret key. One folder, so a backup is one copy.
DATA_DIR = Path(os.environ.get("CIVICGRID_DATA_DIR", BASE_DIR / "var"))


def private_dir(path: Path) -> None:
    """Make the folder readable by this user only (0700); an existing folder is left as its owner set it."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode passes through the umask; this does not


def private_file(path: Path) -> None:
    """Create an empty file readable by this user only (0600), if there is none yet.

    SQLite fills an empty file as a new database and gives its -wal and -shm files the same mode.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


private_dir(DATA_DIR)


def _secret_key() -> str:
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    # Embedded install without SECRET_KEY: generate one once and keep it, so
    # sessions survive a restart. Scale-out installs must set SECRET_KEY so that
    # every app process agrees.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _personal_data_key() -> str:
    from_env = os.environ.get("CIVICGRID_PERSONAL_DATA_KEY")
    if from_env:
        return from_env
    # Embedded install: a key of its own, kept beside (not inside) the database, so a copy of the database file
    # alone does not reveal ID numbers and phones. Scale-out installs set the variable on every process.
    key_file = DATA_DIR / "personal_data_key"
    if not key_file.exists():
        private_file(key_file)
        key_file.write_text(secrets.token_urlsafe(32))
    return key_file.read_text().strip()


# Personal data at rest (civicgrid/personal.py). Old keys still decrypt after a rotation; the look-up key must stay
# the same for as long as hashes made with it are kept (set it to the old master key when you rotate).
PERSONAL_DATA_KEY = _personal_data_key()
PERSONAL_DATA_OLD_KEYS = env_list("CIVICGRID_PERSONAL_DATA_OLD_KEYS")
PERSONAL_DATA_LOOKUP_KEY = os.environ.get("CIVICGRID_LOOKUP_KEY", "") or PERSONAL_DATA_KEY
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "civicgrid.apps.AxesConfig",
    "huey.contrib.djhuey",
    "captcha",
    "civicgrid",
    "audit",
    "accounts",
    "grids",
    "cases",
    "notifications",
    "open311",
    "patrols",
    "command",
    "assessment",
    "verification",
    "surveys",
    "privacy",
    "archive",
    "elections",
    "projects",
    "pledges",
    "articles",
    "volunteers",
]

MIDDLEWARE = [
    "civicgrid.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "civicgrid.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civicgrid.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "civicgrid.urls"
WSGI_APPLICATION = "civicgrid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicgrid.context_processors.shell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'civicgrid.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] and not str(DATABASES["default"]["NAME"]).startswith((":memory:", "file:")):
        private_file(Path(DATABASES["default"]["NAME"]))
    # WAL lets readers and one writer work at once; IMMEDIATE transactions take
    # the write lock at BEGIN, so a second process waits (up to `timeout`)
    # instead of failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache and task queue -------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "civicgrid",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Huey: a SQLite file queue in the embedded install (the worker is a second
# local process), Redis when scaled out. HUEY_IMMEDIATE runs tasks inline
# (tests, or an install that wants no worker at all).
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
# The case workflow's hot statements are server-side prepared on PostgreSQL (cases.rows); set to 0 behind a
# connection pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
# KPI rollups wait this long at an id gap of the event table in case a slower transaction fills it.
ROLLUP_GAP_GRACE_SECONDS = int(os.environ.get("ROLLUP_GAP_GRACE_SECONDS", "30"))
# The deadline sweep tells a department of each case that turned yellow, red or supervised; above this many
# at once it sends one summary instead (see cases.sweep._insert_notifications).
SWEEP_DIGEST_OVER = int(os.environ.get("SWEEP_DIGEST_OVER", "20"))
# A worker holds a webhook delivery this long while it sends it (longer than one attempt's 5 s timeout); a worker
# that died mid-send leaves the claim to run out, and the periodic retry then sends it again.
WEBHOOK_CLAIM_SECONDS = int(os.environ.get("WEBHOOK_CLAIM_SECONDS", "120"))
HUEY = {
    "name": "civicgrid",
    "immediate": HUEY_IMMEDIATE,
    "utc": True,
    # An idle consumer checks the queue at least every second (Huey's default backs off to 10 s), so an
    # event reaches the inbox, the webhooks and the command screen's figures within a second or two.
    "consumer": {
        "workers": int(os.environ.get("HUEY_WORKERS", "2")),
        "worker_type": "thread",
        "max_delay": 1.0,
    },
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    private_file(DATA_DIR / "huey.sqlite3")  # queued tasks carry case details
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")})

# A report claimed by a worker this long ago and not finished was left by a worker that stopped: made again.
REPORT_STALE_AFTER = timedelta(minutes=int(os.environ.get("REPORT_STALE_MINUTES", "30")))
# How old the worker's last heartbeat may be before /healthz calls it down.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "180")))

# --- Work calendar ----------------------------------------------------------------
# Working periods of a working day, local time (Asia/Shanghai). Deadlines in
# working hours/days count only inside them, on days the work calendar
# (cases.CalendarDay: holidays and 调休 make-up days) says are working days.
WORK_PERIODS = [tuple(period.split("-")) for period in env_list("WORK_PERIODS", "08:30-12:00,13:30-17:30")]

# --- Map ---------------------------------------------------------------------------
# Base-map tiles, e.g. an intranet tile server or 天地图 with its key. Empty: the
# map draws grids and cases on a plain background and needs no network at all.
# Its host is the one image source outside this site that the Content-Security-Policy allows
# (civicgrid.middleware.content_security_policy).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
# An offline base map for an intranet: an MBTiles file (SQLite) the app serves at /tiles/{z}/{x}/{y}.png
# when MAP_TILE_URL is empty. See the README (Base maps) for how to make one.
MAP_TILE_FILE = os.environ.get("MAP_TILE_FILE", "")
# The coordinate system the tiles are drawn in: "wgs84" (OpenStreetMap, 天地图 — CGCS2000, within a metre of
# WGS-84 —, tiles rendered from OSM data) or "gcj02" (Gaode/AMap, Tencent). Positions are stored in WGS-84;
# on GCJ-02 tiles the maps shift every overlay and pin so that they land on the right street.
MAP_TILE_CRS = os.environ.get("MAP_TILE_CRS", "wgs84")
MAP_CENTER = [float(x) for x in os.environ.get("MAP_CENTER", "36.685,116.98").split(",")]  # lat, lng
MAP_ZOOM = int(os.environ.get("MAP_ZOOM", "14"))

# --- Authentication ----------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the user's unit, department and roles loaded at once (sessions of ModelBackend end once).
    "accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout by account, not by IP: a whole office usually shares one address.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "10")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Language, time -------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# The app itself serves uploads (to signed-in users) unless a reverse proxy or object storage does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Behind nginx: the URL prefix of an `internal` location aliased to MEDIA_ROOT; the app checks who may read a
# file and nginx sends it (X-Accel-Redirect). Empty: the app sends the file itself.
MEDIA_X_ACCEL_REDIRECT = os.environ.get("MEDIA_X_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- API -----------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "civicgrid.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "civicgrid.api.DefaultPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "civicgrid.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
PUBLIC_API_SCHEMA = env_bool("PUBLIC_API_SCHEMA", False)
SPECTACULAR_SETTINGS = {
    "TITLE": "CivicGrid API",
    "DESCRIPTION": "CivicGrid 网格治理平台接口 / grid-governance platform API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"CaseSourceEnum": "cases.models.CaseSource", "CaseStateEnum": "cases.models.CaseState"},
    # The schema maps every endpoint and field: for signed-in users unless PUBLIC_API_SCHEMA is set.
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny" if PUBLIC_API_SCHEMA else "rest_framework.permissions.IsAuthenticated"
    ],
}

# --- Logging ---------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The product's own name, shown in the shell.
PRODUCT_NAME = _("CivicGrid Grid Governance Platform")

# Lockout is per account on purpose (see AXES_LOCKOUT_PARAMETERS): an office
# behind one NAT address must not be locked out by one person's typos.
# models.W040: the open-cases index carries INCLUDE columns for PostgreSQL's index-only scans; SQLite builds the
# same index without them, which is all the embedded install needs (the warning printed on every command there).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Prometheus scrapes /metrics with this bearer token; without one, only from this machine (civicgrid.metrics).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# --- Notifications ------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "civicgrid@localhost")
EMAIL_NOTIFICATIONS = env_bool("EMAIL_NOTIFICATIONS", False)
# The address people reach this install at, for links in webhooks and e-mails (e.g. https://grid.example.gov.cn).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

# --- Case photos and videos (validated by content in cases/media.py) -----------------------
CASE_PHOTO_MAX_BYTES = int(os.environ.get("CASE_PHOTO_MAX_BYTES", str(15 * 1024 * 1024)))
CASE_VIDEO_MAX_BYTES = int(os.environ.get("CASE_VIDEO_MAX_BYTES", str(60 * 1024 * 1024)))
CASE_PHOTO_MAX_SIDE = int(os.environ.get("CASE_PHOTO_MAX_SIDE", "4096"))
CASE_PHOTO_MAX_PIXELS = int(os.environ.get("CASE_PHOTO_MAX_PIXELS", str(52_000_000)))
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Public pages (随手拍) -----------------------------------------------------------------
CITIZEN_REPORTS_PER_HOUR = int(os.environ.get("CITIZEN_REPORTS_PER_HOUR", "5"))
# The report form's image captcha (django-simple-captcha, cases/captcha.py): challenges live in its database table,
# so every app process knows them and each is good for one attempt. The font is the one the package ships (Vera):
# nothing is fetched. A resident taking photos may need a while: half an hour before the picture expires.
CAPTCHA_CHALLENGE_FUNCT = "cases.captcha.challenge"
CAPTCHA_TIMEOUT = 30  # minutes
CAPTCHA_FONT_SIZE = 30
CAPTCHA_2X_IMAGE = False
# Survey answers: a community centre's shared wifi may send many, one phone only a few (surveys.answering).
SURVEY_ANSWERS_PER_IP_HOUR = int(os.environ.get("SURVEY_ANSWERS_PER_IP_HOUR", "60"))
SURVEY_ANSWERS_PER_PHONE_HOUR = int(os.environ.get("SURVEY_ANSWERS_PER_PHONE_HOUR", "5"))
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
# Decimal places of the positions the public sees (Open311 GET; cases/publication.py): 3 ≈ 100 m.
PUBLIC_COORDINATE_DECIMALS = int(os.environ.get("PUBLIC_COORDINATE_DECIMALS", "3"))
# A citizen's name, phone and e-mail are removed from a case this many days after it closed (privacy app).
CITIZEN_CONTACT_RETENTION_DAYS = int(os.environ.get("CITIZEN_CONTACT_RETENTION_DAYS", "365"))

# Phone verification codes (verification app): the SMS gateway class and how often a code may be asked for.
SMS_SENDER = os.environ.get("CIVICGRID_SMS_SENDER", "verification.senders.LogSender")
VERIFICATION_LIMITS = {"per_ip_hour": int(os.environ.get("CIVICGRID_SMS_PER_IP_HOUR", "30")), "per_phone_day": 10}
