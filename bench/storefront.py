"""The storefront under load at town scale, served as deployed, with its baselines in the same run.

    python -m bench storefront [--duration 8] [--connections 4] [--workers 3] [--rebuild]

Town-scale data (the demo town plus `seed_demo --shops 250 --products 100`, about 25,000 products) is
built once in its own PostgreSQL database (`marketplace_storefront_bench`) and reused by later runs
(`--rebuild` builds it again). The site runs under gunicorn sync workers with DEBUG=0, the Redis cache
(a database of its own, emptied first) and whitenoise's compressed manifest static files, and `wrk`
(Debian's, another process) loads each page over 4 connections for `--duration` seconds, rotating
among many URLs of that page (products, shops, categories, queries) so that one cached URL does not
flatter it. Every URL is fetched once before (as a warm server would have: thumbnails, caches).

Pages: home, shop directory, a shop, catalogue listing, a category, search (one word, several words,
a typo), autocomplete, a product, add to basket, the basket; anonymous, then for a resident with a
three-shop basket (a guest's basket cookie), then for a resident logged in with that basket.
Baselines in the same run: a hello-world view on the same gunicorn (the ceiling)
and stock django-oscar 4.2 with its default apps on the same tables (bench/oscar_settings.py) for
the pages it has. Queries per request are counted in-process with Django's test client.

Report: bench/results/storefront-<date>.md and .csv. Targets (issue 12): p95 ≤ 50 ms (autocomplete
≤ 30 ms), throughput ≥ 30 % of hello's, listing/category/search/product p95 ≤ 0.5 × stock Oscar's.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATABASE = "marketplace_storefront_bench"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = 11  # the benchmark's own Redis database, emptied before each server starts
HOST = "127.0.0.1"  # only loopback addresses are ever targeted
PORT = 8765
SHOPS, PRODUCTS = 250, 100
URLS_PER_PAGE = 150

SEARCHES_ONE = [
    "pain",
    "fromage",
    "croissants",
    "oeufs",
    "comte",
    "baguette",
    "miel",
    "saumon",
    "pates",
    "vin",
]
SEARCHES_MANY = [
    "creme fraiche",
    "pain au chocolat",
    "pommes de terre",
    "boeuf bourguignon",
    "eclair chocolat",
]
SEARCHES_TYPO = ["fromgae", "croisant", "patiserie", "saucison", "camenbert", "chocolta", "baguete"]
AUTOCOMPLETE = [
    "cr",
    "cro",
    "croi",
    "fro",
    "from",
    "pa",
    "pai",
    "bag",
    "bou",
    "ca",
    "cam",
    "mie",
    "sau",
    "oe",
]


@dataclass
class Result:
    site: str
    page: str
    visitor: str
    requests: int
    seconds: float
    errors: int
    p50: float
    p95: float
    p99: float
    queries: int | None
    alone_ms: float | None = None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# --- The data: built once, reused.
def run(command: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def database_ready(env: dict[str, str]) -> bool:
    check = subprocess.run(
        ["psql", f"{PG}/{DATABASE}", "-tAc", "SELECT count(*) FROM textsearch_productdocument"],
        capture_output=True,
        text=True,
    )
    return check.returncode == 0 and int(check.stdout.strip() or 0) >= SHOPS * PRODUCTS


def database_build(env: dict[str, str], *, rebuild: bool) -> None:
    if not rebuild and database_ready(env):
        print(f"Reusing {DATABASE} (--rebuild to build it again); applying new migrations")
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        return
    started = time.monotonic()
    subprocess.run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", HOST, "-U", "postgres", DATABASE], check=True)
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([python, "manage.py", "seed_demo", "--shops", str(SHOPS), "--products", str(PRODUCTS)], env)
    subprocess.run(["psql", f"{PG}/{DATABASE}", "-qc", "VACUUM ANALYZE"], check=True)
    print(f"Built {DATABASE} in {time.monotonic() - started:.0f} s")


# --- The server.
class Server:
    def __init__(self, settings: str, env: dict[str, str], workers: int) -> None:
        self.env = {**env, "DJANGO_SETTINGS_MODULE": settings}
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "marketplace.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"{HOST}:{PORT}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{HOST}:{PORT}/bench/hello", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within a minute")

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


LUA = """
local paths = {%(paths)s}
local method = "%(method)s"
local body = %(body)s
local headers = {%(headers)s}
local counter = math.random(#paths)
request = function()
  counter = counter + 1
  return wrk.format(method, paths[(counter %% #paths) + 1], headers, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load(
    paths: list[str], *, duration: int, connections: int, cookie: str = "", post: str = "", accept: str = ""
) -> tuple:
    headers = {"Accept-Encoding": "gzip"}
    if accept:
        headers["Accept"] = accept
    if cookie:
        headers["Cookie"] = cookie
    if post:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    script = LUA % {
        "paths": ", ".join(lua_string(path) for path in paths),
        "method": "POST" if post else "GET",
        "body": lua_string(post) if post else "nil",
        "headers": ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{duration}s",
                "-s",
                handle.name,
                f"http://{HOST}:{PORT}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    requests, micros, errors, p50, p95, p99 = (int(value) for value in match.groups())
    return requests, micros / 1e6, errors, p50 / 1000, p95 / 1000, p99 / 1000


def warm(paths: list[str], cookie: str = "") -> None:
    """Fetch each URL once, three at a time, as a server that has been up a while has."""
    headers = {"Cookie": cookie} if cookie else {}

    def fetch(path: str) -> None:
        request = urllib.request.Request(f"http://{HOST}:{PORT}{path}", headers=headers)
        try:
            urllib.request.urlopen(request, timeout=120).read()
        except OSError as error:
            print(f"  warm-up {path}: {error}")

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(fetch, paths))


# --- What is loaded: many URLs per page, read from the bench database.
def page_urls() -> dict[str, list[str]]:
    from django.urls import reverse
    from oscar.core.loading import get_model

    from shops.models import Partner

    product_model = get_model("catalogue", "Product")
    category_model = get_model("catalogue", "Category")
    rng = random.Random(12)
    products = list(
        product_model.objects.filter(stockrecords__isnull=False).values_list("pk", "slug")[:20000]
    )
    products = rng.sample(products, min(URLS_PER_PAGE, len(products)))
    shops = list(Partner.objects.on_storefront().values_list("code", flat=True))
    categories = [category.get_absolute_url() for category in category_model.objects.all()]
    search = reverse("search:search")
    listing = reverse("catalogue:index")
    return {
        "home": ["/"],
        "directory": [reverse("shops:directory")]
        + [f"{reverse('shops:directory')}?page={n}" for n in range(2, 20)],
        "shop": [
            reverse("shops:detail", kwargs={"slug": code}) for code in rng.sample(shops, min(100, len(shops)))
        ],
        "listing": [listing] + [f"{listing}?page={n}" for n in range(2, 40)],
        "category": categories,
        "search, one word": [f"{search}?q={q}" for q in SEARCHES_ONE],
        "search, several words": [f"{search}?q={q.replace(' ', '+')}" for q in SEARCHES_MANY],
        "search, a typo": [f"{search}?q={q}" for q in SEARCHES_TYPO],
        "autocomplete": [f"{reverse('search-suggestions')}?q={q}" for q in AUTOCOMPLETE],
        "product": [
            reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk}) for pk, slug in products
        ],
        "basket": [reverse("basket:summary")],
    }


def resident_basket() -> tuple[str, list[int]]:
    """A basket holding one product of each of three shops: its cookie, as Oscar's middleware reads
    it, and the three products. Their stock is made deep: thousands of additions stay valid."""
    from django.core.signing import Signer
    from oscar.core.loading import get_class, get_model

    from shops.models import Partner

    basket_model = get_model("basket", "Basket")
    stock_model = get_model("partner", "StockRecord")
    selector = get_class("partner.strategy", "Selector")
    basket = basket_model.objects.create()
    basket.strategy = selector().strategy()
    shops = Partner.objects.on_storefront().filter(offers_click_collect=True).order_by("pk")[:3]
    products = []
    for shop in shops:
        record = (
            stock_model.objects.filter(partner=shop, num_in_stock__gt=5).select_related("product").first()
        )
        stock_model.objects.filter(pk=record.pk).update(num_in_stock=10**9, num_allocated=0)
        record.refresh_from_db()
        basket.add_product(record.product, 1)
        products.append(record.product_id)
    return f"oscar_open_basket={Signer().sign(basket.id)}", products


def resident_logged_in() -> str:
    """A resident logged in, whose account's basket holds one product of each of three shops: the
    session cookie, as the browser holds it after logging in."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from oscar.core.loading import get_model

    basket_model = get_model("basket", "Basket")
    email = "bench.resident@example.com"
    user, _ = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    basket_model.objects.filter(owner=user).delete()
    guest, _ = resident_basket()  # "oscar_open_basket=<id>:<signature>": made the account's
    basket_model.objects.filter(pk=int(guest.split("=", 1)[1].split(":", 1)[0])).update(owner=user)
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def query_counts(urls: dict[str, list[str]], cookie: str) -> dict[str, tuple[int, float]]:
    from django.db import connection
    from django.test import Client, override_settings

    # What drawing each page costs: the page cache (core/pagecache.py) answers a plain visitor's
    # second request without a query; wrk's figures show that, these show the work behind it.
    with override_settings(PAGE_CACHE_VIEWS=[]):
        client = Client()
        if cookie:
            name, _, value = cookie.partition("=")
            client.cookies[name] = value
        counts = {}
        for page, paths in urls.items():
            if page.startswith("_"):
                continue
            client.get(paths[0])
            captured: list[str] = []

            def count(execute, sql, params, many, context, captured=captured):  # noqa: ANN001, ANN202
                captured.append(sql)  # Django's execute_wrapper signature
                return execute(sql, params, many, context)

            # A wrapper sees every statement, whatever DEBUG and the connection's reopening say.
            with connection.execute_wrapper(count):
                client.get(paths[0])
            # One process, no other request: what the page costs alone, apart from the machine's load.
            times = []
            for path in paths[:5]:
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            counts[page] = (len(captured), sorted(times)[len(times) // 2])
        return counts


def csrf_for_post() -> tuple[str, str]:
    """A CSRF cookie and its token, for the add-to-basket POSTs (as a browser holds them)."""
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    return secret, _mask_cipher_secret(secret)


# --- The run.
def measure(
    site: str,
    urls: dict[str, list[str]],
    options: argparse.Namespace,
    cookie: str,
    visitor: str,
    queries: dict[str, tuple[int, float]],
) -> list[Result]:
    results = []
    for page, paths in urls.items():
        if page.startswith("_"):
            continue
        # Again right before: a page stays in the page cache 60 s (core/pagecache.py), so this is a
        # page asked for at least once a minute; the resident rows show the page drawn each time.
        warm(paths, cookie)
        requests, seconds, errors, p50, p95, p99 = load(
            paths, duration=options.duration, connections=options.connections, cookie=cookie
        )
        queries_alone = queries.get(page, (None, None))
        result = Result(site, page, visitor, requests, seconds, errors, p50, p95, p99, *queries_alone)
        print(
            f"  {site:<12} {visitor:<10} {page:<24} {result.rps:7.1f} req/s"
            f"  p50 {p50:6.1f}  p95 {p95:6.1f} ms  errors {errors}"
        )
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--rebuild", action="store_true", help="build the town-scale database again")
    options = parser.parse_args(argv)
    # Stopped from outside (kill, CI timeout): leave through the `with` blocks, which stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    for tool in ("wrk", "psql", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk postgresql-client redis-tools")

    static_root = Path(tempfile.gettempdir()) / "marketplace-bench-static"
    media_root = ROOT / "media"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "REDIS_URL": f"redis://{HOST}:6379/{REDIS_DB}",
        "DEBUG": "0",
        "SECRET_KEY": "storefront-bench",
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "bench.storefront_settings",
        "LOG_LEVEL": "ERROR",
    }
    database_build(env, rebuild=options.rebuild)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    os.environ.update(env)
    import django

    django.setup()
    from django.urls import reverse

    urls = page_urls()
    cookie, basket_products = resident_basket()
    adding = [reverse("basket:add", kwargs={"pk": pk}) for pk in basket_products]
    session = resident_logged_in()
    anonymous_queries = query_counts(urls, "")
    resident_queries = query_counts(urls, cookie)
    account_queries = query_counts(urls, session)

    results: list[Result] = []
    hello = {"hello-world view": ["/bench/hello"]}
    with Server("bench.storefront_settings", env, options.workers):
        # Every URL once; the resident's first URL of each page (cards are shared by all visitors).
        warm([path for page, paths in urls.items() if not page.startswith("_") for path in paths])
        warm([paths[0] for page, paths in urls.items() if not page.startswith("_")], cookie)
        results += measure("baseline", hello, options, "", "anonymous", {})
        results += measure("marketplace", urls, options, "", "anonymous", anonymous_queries)
        results += measure("marketplace", urls, options, cookie, "resident", resident_queries)
        warm([paths[0] for page, paths in urls.items() if not page.startswith("_")], session)
        results += measure("marketplace", urls, options, session, "resident logged in", account_queries)
        csrf_secret, token = csrf_for_post()
        # The product page's button posts through its script and gets JSON (static/orders/js/basket-add.js);
        # without script, the form post is answered with a redirect to the page and a message.
        for page, accept in (("add to basket", "application/json"), ("add to basket, no script", "")):
            requests, seconds, errors, p50, p95, p99 = load(
                adding,
                duration=options.duration,
                connections=options.connections,
                cookie=f"{cookie}; csrftoken={csrf_secret}",
                post=f"quantity=1&csrfmiddlewaretoken={token}",
                accept=accept,
            )
            results.append(
                Result("marketplace", page, "resident", requests, seconds, errors, p50, p95, p99, None)
            )
            print(f"  {page}: {requests / seconds:.1f} req/s p95 {p95:.1f} ms errors {errors}")
    oscar_urls = {
        page: urls[page] for page in ("listing", "category", "search, one word", "product", "basket")
    }
    with Server("bench.oscar_settings", env, options.workers):
        warm([path for paths in oscar_urls.values() for path in paths])
        results += measure("stock Oscar", oscar_urls, options, "", "anonymous", {})
        # Oscar's own basket page on the resident's same three-line basket (the same tables and cookie).
        results += measure("stock Oscar", {"basket": oscar_urls["basket"]}, options, cookie, "resident", {})
    report(results, options)


def report(results: list[Result], options: argparse.Namespace) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.date.today().isoformat()
    hello = next(result for result in results if result.site == "baseline")
    oscar = {(result.page, result.visitor): result for result in results if result.site == "stock Oscar"}

    def stock_oscar(r: Result) -> Result | None:
        """Stock Oscar's same page for the same kind of visitor (its basket page on the resident's
        basket for both residents), else for an anonymous one."""
        if r.site != "marketplace":
            return None
        visitor = "resident" if r.visitor.startswith("resident") else r.visitor
        found = oscar.get((r.page, visitor)) or oscar.get((r.page, "anonymous"))
        return found if found is not None and found.p95 else None

    with open(RESULTS / f"storefront-{stamp}.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "site",
                "page",
                "visitor",
                "requests",
                "req_per_s",
                "p50_ms",
                "p95_ms",
                "p99_ms",
                "errors",
                "queries",
                "alone_ms",
                "share_of_hello",
                "p95_vs_stock_oscar",
            ]
        )
        for r in results:
            share = r.rps / hello.rps if hello.rps else 0
            compared = stock_oscar(r)
            ratio = r.p95 / compared.p95 if compared else ""
            writer.writerow(
                [
                    r.site,
                    r.page,
                    r.visitor,
                    r.requests,
                    f"{r.rps:.1f}",
                    f"{r.p50:.1f}",
                    f"{r.p95:.1f}",
                    f"{r.p99:.1f}",
                    r.errors,
                    "" if r.queries is None else r.queries,
                    "" if r.alone_ms is None else f"{r.alone_ms:.1f}",
                    f"{share:.3f}",
                    f"{ratio:.2f}" if ratio != "" else "",
                ]
            )
    lines = [
        f"# Storefront at town scale, {stamp}",
        "",
        f"{SHOPS} generated shops × {PRODUCTS} products plus the demo town on PostgreSQL; gunicorn "
        f"{options.workers} sync workers, DEBUG=0, Redis cache; wrk, {options.connections} connections, "
        f"{options.duration} s per page, rotating among up to {URLS_PER_PAGE} URLs per page; "
        f"{os.cpu_count()} cores shared with other work (load average {os.getloadavg()[0]:.1f} at the end). "
        "Times in ms.",
        "",
        "| site | page | visitor | req/s | p50 | p95 | p99 | errors | queries | alone | share of hello "
        "| p95 ÷ stock Oscar |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        share = r.rps / hello.rps if hello.rps else 0
        compared = stock_oscar(r)
        ratio = f"{r.p95 / compared.p95:.2f}" if compared else ""
        queries = "" if r.queries is None else str(r.queries)
        alone = "" if r.alone_ms is None else f"{r.alone_ms:.1f}"
        lines.append(
            f"| {r.site} | {r.page} | {r.visitor} | {r.rps:.1f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} "
            f"| {r.errors} | {queries} | {alone} | {share:.1%} | {ratio} |"
        )
    lines += [
        "",
        "*alone*: median ms of the page's first URLs fetched one at a time in one process (Django's test",
        "client, same database and Redis), apart from wrk's concurrency and the machine's other load.",
        "*queries* and *alone* are the page drawn (page cache off). wrk's figures include the page cache",
        "(core/pagecache.py): a plain visitor's page served again costs no query; a resident's (basket",
        "cookie or login) is the same stored page with its holes filled for them (core/holes.py: basket",
        "count, account link, follow buttons), a few queries; the basket page is drawn for each resident.",
        "Stock Oscar runs haystack's simple backend (Oscar's default without a search server): its listing,",
        "category and search pages list no product at all, so their times flatter it.",
    ]
    (RESULTS / f"storefront-{stamp}.md").write_text("\n".join(lines) + "\n")
    print(f"Report: {RESULTS / f'storefront-{stamp}.md'}")
