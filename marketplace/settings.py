"""Settings, all read from environment variables with embedded defaults for `make run`.

Defaults give a self-contained marketplace: SQLite file, eager Celery tasks, console email.
Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and EMAIL_URL.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from oscar.defaults import *  # noqa: F403 (Oscar's settings are meant to be star-imported)

from marketplace.beat_schedule import BEAT_SCHEDULE
from marketplace.dashboard_menu import DASHBOARD_MENU
from marketplace.rate_limits import RATE_LIMITS_BY_FORM

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `.env` holds one deployment's values (DEBUG=0, its host names, its keys). `manage.py` and gunicorn
# on this machine read it; the test suite does not (pytest sets PYTEST_VERSION for its run and the
# processes it starts), so a production .env left in a checkout cannot make the tests run as production.
# Variables really set in the environment still apply to tests: CI's DATABASE_URL and REDIS_URL.
if "PYTEST_VERSION" not in os.environ:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1

# --- The town: any town deploys the same code with its own name, logo and colours.
TOWN_NAME = env("TOWN_NAME", default="Viroflay")
TOWN_TAGLINE = env("TOWN_TAGLINE", default="Vos commerces de proximité, en ligne")
TOWN_LOGO_URL = env("TOWN_LOGO_URL", default="")
TOWN_PRIMARY_COLOR = env("TOWN_PRIMARY_COLOR", default="#1d4f91")
TOWN_ACCENT_COLOR = env("TOWN_ACCENT_COLOR", default="#b8401a")
TOWN_WEBSITE = env("TOWN_WEBSITE", default="")
TOWN_CONTACT_EMAIL = env("TOWN_CONTACT_EMAIL", default="commerce@example.com")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "core.apps.CoreConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shops.apps.ShopsConfig",
    "orders.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "orders.apps.OrdersConfig",
    "payments.apps.PaymentsConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "shops.dashboard.apps.ShopDashboardConfig",
    "orders.dashboard.apps.OrderBoardDashboardConfig",
    "checkout.dashboard.apps.PhoneOrderDashboardConfig",
    "checkout.corner.apps.BehalfOrderDashboardConfig",
    "pickup_points.apps.PickupPointDashboardConfig",
    "townhall.apps.TownHallDashboardConfig",
    "oversight.apps.OversightDashboardConfig",
    "townhall.gift_vouchers.apps.GiftVouchersDashboardConfig",
    "vouchers.apps.VouchersConfig",
    "markets.apps.MarketsConfig",
    # The town's digital corner (issue #16): accompanying merchants, workshops, follows, the
    # merchants' space, surveys.
    "accompaniment.apps.AccompanimentConfig",
    "workshops.apps.WorkshopsConfig",
    "follows.apps.FollowsConfig",
    "surveys.apps.SurveysConfig",
    "community.apps.CommunityConfig",
    "demo.apps.DemoConfig",
    "textsearch.apps.TextSearchConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Last, so its post_migrate sees every permission when it builds the town hall group.
    "marketplace.apps.MarketplaceConfig",
]

# The catalogue is forked for its views only; its models, hence its migrations, stay Oscar's.
MIGRATION_MODULES = {"catalogue": "oscar.apps.catalogue.migrations"}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that reads the path, the query or the session: NUL bytes never reach the database.
    "core.middleware.RejectNulBytesMiddleware",
    "core.middleware.OutOfRangeIdMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP's (so it answers first): widens the policy for the few views that need more (Stripe.js).
    "core.middleware.CspPerViewMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session's: a plain visitor's storefront page comes from the cache without reading
    # a session, a user or a basket; after CSP's, which puts this response's nonce in its header.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a deletion refused by other records (PROTECT) into a message on the page, not a 500.
    "core.middleware.ProtectedDeletionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before the basket's: a resident's storefront page from the cache, with their own header, reads
    # the basket's count, not the basket with its offers (core/pagecache.py).
    "core.pagecache.ResidentPageMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    # After the basket's: its refusal page is drawn in the storefront's layout.
    "core.middleware.RateLimitMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its refusal page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
FORMS_URLFIELD_ASSUME_HTTPS = True  # a shop's website typed without a scheme is https, as Django 6 will do
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.context_processors.town",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Connections kept open a while, checked before reuse: a Celery worker otherwise connects again for
# every message it sends (a new PostgreSQL backend process each time).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database serves one developer; a busy timeout avoids "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from Redis (written to both): a resident's page from the page cache then reads
    # no session row. Only with a cache every process shares: a process's own memory could be stale.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = (
    # First: refuses any login attempt, right password or not, while its address or account is locked out.
    "core.auth.LockoutBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "shops:after-login"  # merchants to their dashboard, residents home (shops.views)

# --- French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": env("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email: console by default, SMTP (or any backend) through EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every mail goes through the outbox (orders/mail_backend.py): Django's mail API stores it with the
# change that caused it and the worker hands it to the relay, so a relay outage never fails a form.
EMAIL_RELAY_BACKEND = EMAIL_BACKEND  # noqa: F405, F821 (set from EMAIL_URL just above)
EMAIL_BACKEND = "orders.mail_backend.OutboxEmailBackend"
# A relay that accepts the connection then hangs must not hold a worker (and its claim) for ever:
# well under orders.sending.SENDING_TIMEOUT.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=60)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"Marché de {TOWN_NAME} <no-reply@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery: Redis as broker; without REDIS_URL tasks run in-process so `make run` needs no broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# A failing task must not turn a placed order into an error page: its outcome is in the outbox.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's processes mostly wait (the mail relay's and SMS gateway's round trips, the database),
# so more of them than cores keep the cores busy; each costs about 100 MB.
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=8)
# Periodic tasks, all in one place: marketplace/beat_schedule.py.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- Text messages (orders/sms.py): the console by default, an HTTP gateway in production.
SMS_BACKEND = env("SMS_BACKEND", default="orders.sms.ConsoleSmsBackend")
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")
SMS_SENDER = env("SMS_SENDER", default=TOWN_NAME[:11])
# --- Voice calls (orders/voice.py): messages read aloud to residents who have only a landline.
VOICE_BACKEND = env("VOICE_BACKEND", default="orders.voice.ConsoleVoiceBackend")
VOICE_HTTP_URL = env("VOICE_HTTP_URL", default="")
VOICE_HTTP_TOKEN = env("VOICE_HTTP_TOKEN", default="")
VOICE_CALLER_ID = env("VOICE_CALLER_ID", default="")

# --- Reminders and automatic cancellations (orders/housekeeping.py).
# The pickup reminder goes the morning of the slot at MORNING_AT, or LEAD_MINUTES before a slot
# starting from AFTERNOON_FROM on (wall-clock times in the town's zone).
ORDERS_PICKUP_REMINDER_MORNING_AT = env("ORDERS_PICKUP_REMINDER_MORNING_AT", default="07:30")
ORDERS_PICKUP_REMINDER_AFTERNOON_FROM = env("ORDERS_PICKUP_REMINDER_AFTERNOON_FROM", default="12:00")
ORDERS_PICKUP_REMINDER_LEAD_MINUTES = env.int("ORDERS_PICKUP_REMINDER_LEAD_MINUTES", default=120)
ORDERS_NOT_ACCEPTED_ALERT_MINUTES = env.int("ORDERS_NOT_ACCEPTED_ALERT_MINUTES", default=30)

# --- Town pickup points (pickup_points/): shops drop their orders this long before the resident's slot.
PICKUP_POINT_DROP_OFF_MARGIN_MINUTES = env.int("PICKUP_POINT_DROP_OFF_MARGIN_MINUTES", default=60)

# --- Stripe: without keys, card payment is hidden and pay at pickup works.
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# How long a card checkout holds its stock and slots while the resident pays.
PAYMENT_HOLD_MINUTES = env.int("PAYMENT_HOLD_MINUTES", default=30)
# The town's share of each card order paid out to a shop (Stripe Connect), in percent.
PAYMENT_TOWN_COMMISSION_PERCENT = env.int("PAYMENT_TOWN_COMMISSION_PERCENT", default=0)

# --- Security in production.
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # The reverse proxy (or load balancer) in front terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # Plain HTTP is redirected to HTTPS, except the health check that compose runs inside the container.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Browsers come back over HTTPS only, for a year; 0 turns it off (a test over plain HTTP).
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_SSL_REDIRECT else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# How many reverse proxies in front append to X-Forwarded-For: the client's address for rate limits and
# login lockouts is read that many entries from the right. 0 (no proxy): the connection's own address.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# --- Oscar.
OSCAR_SHOP_NAME = env("OSCAR_SHOP_NAME", default=f"Marché de {TOWN_NAME}")
OSCAR_SHOP_TAGLINE = TOWN_TAGLINE
OSCAR_HOMEPAGE = "/"
OSCAR_DEFAULT_CURRENCY = "EUR"
# French ligatures written as two letters in addresses: /catalogue/oeufs-fermiers…, not /ufs-fermiers….
OSCAR_SLUG_MAP = {"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"}
OSCAR_CURRENCY_FORMAT = {"EUR": {"currency_digits": True, "format_type": "standard"}}
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
# "Tell me when it is back" keeps Oscar's ProductAlert, but its emails go through the outbox
# (follows.receivers) rather than Oscar's direct sending on every stock save.
OSCAR_EAGER_ALERTS = False
OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + DASHBOARD_MENU  # noqa: F405 (Oscar's, then ours)

# Browse and search answered by the database, showing only approved shops' products.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "catalogue.search_handlers.StorefrontSearchEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Hardening (issue #14): what the internet may send, how often, and what pages may run.
INSTALLED_APPS += [
    "axes",
    "privacy",
    "django.forms",  # its widget templates, for the renderer below
]
# Widgets drawn with the project's templates too, so templates/oscar/forms/widgets/ (Oscar's picture
# upload without inline handlers) replaces Oscar's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Content-Security-Policy (django-csp) on every response, storefront, dashboard and admin: scripts only
# from our own static files or inline with this response's nonce, so markup that slipped past the
# sanitiser runs nothing. Styles keep 'unsafe-inline': Oscar's templates and widgets (select2,
# tinymce, the date picker) set style attributes everywhere, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        # Pictures: ours, a town logo hosted elsewhere (TOWN_LOGO_URL), remote media storage, data: icons.
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Storefront pages kept whole for visitors without session, basket or message (core/pagecache.py).
PAGE_CACHE_VIEWS = [
    "home",
    "catalogue:index",
    "catalogue:category",
    "catalogue:detail",
    "search:search",
    "shops:directory",
    "shops:detail",
    "markets",
    "workshops:list",
    "basket:summary",  # a plain visitor's is the empty basket; one with a basket has its cookie
]

# Of those, the pages whose every part that depends on the visitor is a hole (core/holes.py): stored
# once, served to residents too with their holes filled. The basket (theirs) and the workshops (each
# workshop says whether they signed up) are drawn for each resident.
PAGE_CACHE_FRAME_VIEWS = [
    name for name in PAGE_CACHE_VIEWS if name not in ("basket:summary", "workshops:list")
]

# What some views add to it (core.middleware.CspPerViewMiddleware), by view name: the card page runs
# Stripe.js, which shows the card form and the bank's authentication in Stripe's frames.
CSP_VIEW_UPDATES = {
    "payments:pay": {
        "script-src": ["https://js.stripe.com"],
        "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
        "connect-src": ["https://api.stripe.com"],
    },
}

# Login lockout (django-axes) on /accounts/login/, /dashboard/login/ and /admin/login/: after
# AXES_FAILURE_LIMIT wrong passwords for one account, or from one address, logins are refused (even
# the right password) for AXES_COOLOFF_TIME; the town hall unlocks earlier in the admin (Axes' *Access
# attempts*: delete the rows) or with `python manage.py axes_reset_username <email>`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.axes_client_ip"
AXES_VERBOSE = False

# Rate limits (core/ratelimit.py): requests counted per client address ("rate") and per target
# ("target_rate": the email address typed, the order number in the URL). "10/h" is ten an hour.
RATE_LIMITS = RATE_LIMITS_BY_FORM

# --- Personal data (privacy/): guest checkouts are anonymised this long after their last order.
PRIVACY_GUEST_RETENTION_DAYS = env.int("PRIVACY_GUEST_RETENTION_DAYS", default=3 * 365)
