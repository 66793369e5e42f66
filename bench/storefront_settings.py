"""Settings of the storefront benchmark's server: the marketplace as deployed, plus a hello-world view.

The hello view (`/bench/hello`) answers on the same gunicorn as the pages: the ceiling they are
compared with.
"""

from marketplace.settings import *  # noqa: F403 (the deployed settings, unchanged)

ROOT_URLCONF = "bench.storefront_urls"
BENCH_SITE_URLCONF = "marketplace.urls"
