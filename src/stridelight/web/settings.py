"""Django settings, every value from the environment (docs/settings.md).

One file, read through ``stridelight.settings``' typed helpers so a bad value
names its variable.  The embedded default (a laptop, the demo) needs nothing
set: an SQLite file and a secret key in the data folder.  With
``STRIDELIGHT_PRODUCTION`` on, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set
and cookies, HSTS and HTTPS redirects are turned on.
"""

from __future__ import annotations

from datetime import timedelta

from csp.constants import NONE, SELF

from stridelight import settings as env

PRODUCTION = env.env_bool("STRIDELIGHT_PRODUCTION", False)
DATA_DIR = env.data_dir()

SECRET_KEY = env.secret_key(production=PRODUCTION)
DEBUG = env.env_bool("DEBUG", False)
ALLOWED_HOSTS = list(
    env.env_list(
        "ALLOWED_HOSTS", () if PRODUCTION else ("localhost", "127.0.0.1", "[::1]")
    )
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "stridelight.web",
    "stridelight.accounts",
    "stridelight.runners",
    "stridelight.clinic",
    "stridelight.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the same headers as pages.
    "csp.middleware.CSPMiddleware",
    "stridelight.web.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "stridelight.web.security.SessionLifetimeMiddleware",
    "stridelight.web.security.StaffTwoFactorMiddleware",
    # Every address under /me/ is a runner's own: others 404 (runners.access).
    "stridelight.runners.access.RunnerPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stridelight.web.urls"
WSGI_APPLICATION = "stridelight.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stridelight.web.context_processors.clinic",
                "stridelight.web.context_processors.psfs",
            ],
        },
    },
]

DATABASES = {"default": env.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Lockout first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "stridelight.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/me/"
# Argon2 first (clinic.md §4.2); the others only verify older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    # ASVS 6.2.1: at least 8 characters (15 recommended), no composition rules.
    {"NAME": f"{_VALIDATION}.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # UTC in the database; local time only at the edges
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = env.env_str("STRIDELIGHT_MEDIA_DIR", str(DATA_DIR / "files"))
STORAGES = {
    # Original activity files; django-storages' S3 backend fits here (docs/settings.md).
    "default": {
        "BACKEND": env.env_str(
            "STRIDELIGHT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Uploads on /me/uploads/: waiting for the worker in the data folder, never
# under a served address, each in a folder with a random name (runners.uploads).
UPLOAD_DIR = DATA_DIR / "uploads"
UPLOAD_MAX_BYTES = env.upload_max_bytes()
UPLOAD_MAX_FILES = env.upload_max_files()
# Django refuses more files than this while parsing; the page says so in words.
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES

TASKS = {"default": {"BACKEND": env.tasks_backend(), "QUEUES": ["default"]}}
REDIS_URL = env.redis_url()
#: The check-in page has its process read the runner's base ahead of the POST
#: (``runners.data_cache.warm_soon``).
STRIDELIGHT_WARM_BASES = env.env_bool("STRIDELIGHT_WARM_BASES", True)
if TASKS["default"]["BACKEND"] == env.TASKS_BACKENDS["rq"]:
    # Larger deployments (docs/deployment.md): the queue in Redis, workers
    # run by `stridelight worker` through django-rq.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# Analyses kept until the runner's data changes (runners.analysis): in files of
# the data folder, shared by the web and worker processes of one machine; in
# Redis when REDIS_URL is set, shared by every machine.
CACHES = {
    "default": {
        "BACKEND": "stridelight.web.cache.FastFileCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    if REDIS_URL is None
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "stridelight",
    }
}

# Where the site is seen from outside, for links in messages sent without a
# request at hand (a worker's); a page's own request gives its address otherwise.
SITE_URL = env.env_str("STRIDELIGHT_SITE_URL", "http://localhost:8000")
# Mail (sign-up confirmation, password reset, booking messages): files in <data dir>/mail on a
# laptop, one .log file per message; "console" prints them, "smtp" sends them
# through EMAIL_HOST (docs/settings.md).
_MAIL_BACKENDS = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_mail_backend = env.env_str("STRIDELIGHT_EMAIL_BACKEND", "file")
EMAIL_BACKEND = _MAIL_BACKENDS.get(_mail_backend, _mail_backend)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env.env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.env_float("EMAIL_PORT", 587, more_than=0))
EMAIL_HOST_USER = env.env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.env_str(
    "DEFAULT_FROM_EMAIL", "Stridelight <noreply@localhost>"
)
# A confirmation or reset link works for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- the clinic's public API, SMS and reminders (docs/clinic.md) ---
# Requests per client IP per window on the public booking API: (requests, seconds)
# for each group of endpoints.  Counted in the cache above (Redis when several
# machines serve, so they share the counts).
API_RATE_LIMITS = {
    "read": (env.env_int("STRIDELIGHT_API_READS_PER_MINUTE", 120, at_least=1), 60),
    "book": (env.env_int("STRIDELIGHT_API_BOOKINGS_PER_MINUTE", 10, at_least=1), 60),
}
# Forms sent per client per window (stridelight.web.ratelimit): log-in (both
# forms, on top of the per-account lockout below), sign-up and password reset per
# address; uploads and e-mail changes per signed-in person.  (requests, seconds).
FORM_RATE_LIMITS = {
    "login": (env.env_int("STRIDELIGHT_LOGINS_PER_MINUTE", 20, at_least=1), 60),
    "signup": (env.env_int("STRIDELIGHT_SIGNUPS_PER_HOUR", 10, at_least=1), 3600),
    "password_reset": (
        env.env_int("STRIDELIGHT_RESETS_PER_HOUR", 10, at_least=1),
        3600,
    ),
    "upload": (env.env_int("STRIDELIGHT_UPLOADS_PER_HOUR", 60, at_least=1), 3600),
    "email_change": (
        env.env_int("STRIDELIGHT_EMAIL_CHANGES_PER_HOUR", 10, at_least=1),
        3600,
    ),
}
# Behind N proxies of our own (each appending to X-Forwarded-For), the client is
# the address the outermost one saw; 0: REMOTE_ADDR, no proxy trusted.
CLIENT_IP_PROXY_HOPS = env.env_int("STRIDELIGHT_PROXY_HOPS", 0)
#: Text messages: console (default), file (one file each in SMS_FILE_PATH), or a
#: dotted path to a class with ``send(message)`` (stridelight.clinic.sms).
SMS_BACKEND = env.env_str("STRIDELIGHT_SMS_BACKEND", "console")
SMS_FILE_PATH = env.env_str("STRIDELIGHT_SMS_DIR", str(DATA_DIR / "sms"))
# Reminders: none inside quiet hours (clinic's wall clock; sent earlier instead);
# a claimed row whose worker went silent for the lease is claimed again; a failed
# send is retried after RETRY, 2×RETRY, 4×RETRY… up to MAX_ATTEMPTS tries.
REMINDER_QUIET_HOURS = env.quiet_hours()
REMINDER_LEASE_SECONDS = env.env_int("STRIDELIGHT_REMINDER_LEASE_S", 300, at_least=1)
REMINDER_RETRY_SECONDS = 60
REMINDER_MAX_ATTEMPTS = 5

# Sessions (clinic.md §4.2, HIPAA 164.312(a)(2)(iii), ASVS 7.3): sliding, and
# stridelight.web.security.SessionLifetimeMiddleware gives each role its idle
# time: staff 30 minutes (and 12 hours at most), runners two weeks.  This age
# is the anonymous visitor's (a booking in progress).
SESSION_COOKIE_AGE = 30 * 60
STAFF_SESSION_IDLE = timedelta(minutes=30)
STAFF_SESSION_ABSOLUTE = timedelta(hours=12)
RUNNER_SESSION_IDLE = timedelta(days=14)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Strict would sign a runner out of links in e-mails
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features no page of ours uses (stridelight.web.security).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), usb=(), browsing-topics=()"
)
# Every script, style, font and image from this site, none inline (ASVS 3.4.3):
# pages keep their JS in static files and their rules in site.css.
_CSP: dict[str, list[str] | bool] = {
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
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.env_bool("STRIDELIGHT_SSL_REDIRECT", True)
    # Behind a proxy that ends TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # ASVS 3.3.1: a __Host- cookie is sent only over HTTPS, to this host, path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    _CSP["upgrade-insecure-requests"] = True

# Lockout after repeated failed logins (django-axes, ASVS 6.3.1): five failures
# for one account from one address lock that pair out for an hour, so nobody
# can lock a known runner out from elsewhere.  The lockout page is ours.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "stridelight.accounts.backends.lockout_username"
AXES_USERNAME_FORM_FIELD = "username"  # both login forms; the default is "email"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Two-factor (django-otp): the issuer an authenticator app shows beside the code.
OTP_TOTP_ISSUER = "Stridelight"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
