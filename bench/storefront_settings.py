"""Settings of the storefront benchmark's server: the marketplace as deployed, plus a hello-world view.

The hello view (`/bench/hello`) answers on the same gunicorn as the pages: the ceiling they are
compared with.
"""

from marketplace.settings import *  # noqa: F403 (the deployed settings, unchanged)

ROOT_URLCONF = "bench.storefront_urls"
# wrk loads each page from one address, far above what one resident may ask (core/ratelimit.py):
# the limits stay, with their cost per request, but out of reach.
RATE_LIMITS = {name: {**rule, "rate": "1000000/m"} for name, rule in RATE_LIMITS.items()}  # noqa: F405
BENCH_SITE_URLCONF = "marketplace.urls"
