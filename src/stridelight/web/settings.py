"""Django settings, every value from the environment (docs/settings.md).

One file, read through ``stridelight.settings``' typed helpers so a bad value
names its variable.  The embedded default (a laptop, the demo) needs nothing
set: an SQLite file and a secret key in the data folder.  With
``STRIDELIGHT_PRODUCTION`` on, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set
and cookies, HSTS and HTTPS redirects are turned on.
"""

from __future__ import annotations

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
    "django_tasks",
    "django_tasks_db",
    "stridelight.web",
    "stridelight.accounts",
    "stridelight.runners",
    "stridelight.clinic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {"default": env.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
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

TASKS = {"default": {"BACKEND": env.tasks_backend(), "QUEUES": ["default"]}}
REDIS_URL = env.redis_url()
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

# Health data: sessions end after 30 idle minutes (clinic.md §4.2, 164.312(a)(2)(iii)).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.env_bool("STRIDELIGHT_SSL_REDIRECT", True)
    # Behind a proxy that ends TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
