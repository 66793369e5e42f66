"""Issue #14, point 4: hostile requests never answer 500, and markup stored by anyone never runs on a page.

A small town (two shops, their merchants, a resident with an order, the town hall, a market, posts,
an announcement, a pending application) is visited by an anonymous visitor, the resident, a merchant
and the town hall. First every URL pattern of the site (tests/core/hostile.py walks the resolver) is
requested with hypothesis-drawn path values and query strings; then every form each of them reaches
by following the site's links is submitted with markup in its text fields, and with hostile, valid
or missing values and tampered formset counts. Every 500 is collected with its request, so one run
lists them all. Last, every page is read again and must not hold one of our payloads where a
browser runs it. Hypothesis is derandomised: CI replays the same requests.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from markets.models import Market, MarketBreak, MarketCancellation
from orders.factories import create_shop_order
from orders.models import Checkout
from shops.factories import ClosureFactory, ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner
from tests.core import hostile
from townhall.models import Announcement, MerchantPost

UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
ProductAlert = get_model("customer", "ProductAlert")

ROLES = ("anonymous", "resident", "merchant", "town hall")
# FUZZ_SCALE=10 multiplies the examples for a deeper run; 1 keeps both tests near 30 s each on SQLite.
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
FUZZ_SETTINGS = settings(
    derandomize=True,  # the same requests on every run: a CI failure replays on a laptop
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # failures are collected, not shrunk: one run lists all
    suppress_health_check=list(HealthCheck),
)
# Pages left out of the crawl: they end the visitor's session or language, or leave the site's HTML.
NOT_FOLLOWED = ("logout", "set_language", "delete-account", "account-delete", "profile-delete", "admin:")


@dataclass
class Failure:
    role: str
    method: str
    url: str
    data: dict
    error: str

    def __str__(self) -> str:
        return f"{self.role} {self.method} {self.url} {self.data!r}\n{self.error}"


@dataclass
class Town:
    clients: dict[str, Client]
    known: dict[str, list[str]]  # path parameter name -> values the world holds
    starts: dict[str, list[str]]  # where each role's crawl begins
    failures: list[Failure] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def send(self, role: str, method: str, url: str, data: dict | None = None) -> HttpResponse:
        """One request as `role`; a 500 is recorded with the exception the view raised."""
        client = self.clients[role]
        raised: list[str] = []

        def record(sender: object, request: object, **kwargs: object) -> None:
            raised.append(traceback.format_exc(limit=-4))

        got_request_exception.connect(record)
        try:
            if method == "get":
                response = client.get(url, data or {})
            else:
                response = client.post(url, data or {})
        finally:
            got_request_exception.disconnect(record)
        self.counts[method] += 1
        if response.status_code >= 500:
            shown = {
                k: (v if not isinstance(v, str) or len(v) < 80 else v[:80] + "…")
                for k, v in (data or {}).items()
            }
            self.failures.append(Failure(role, method.upper(), url[:300], shown, "".join(raised)[-1500:]))
        return response


def build_town() -> Town:
    """Two shops with their merchants, products, posts and orders; a resident with an address, an
    order, a product alert; the town hall; a market with a break and a called-off session; a pending
    shop application and a current announcement."""
    resident = UserFactory(email="resident@example.com")
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    shop = ShopFactory(name="Au Pain de Viroflay")
    other = ShopFactory(name="Boucherie Lemoine")
    merchant = make_merchant(shop, email="pain@example.com")
    make_merchant(other, email="boucherie@example.com")
    applicant = ShopFactory(
        name="Fleurs de Jouy", approval=Partner.Approval.PENDING, contact_email="fleurs@example.com"
    )
    products = [ProductFactory(shop=shop, title="Baguette"), ProductFactory(shop=other, title="Rôti")]
    order = create_shop_order(shop=shop, products=products[:1], user=resident)
    other_order = create_shop_order(shop=other, products=products[1:])
    checkout = Checkout.objects.create(user=resident, email=resident.email, first_name="Camille")
    type(order).objects.filter(pk__in=[order.pk, other_order.pk]).update(checkout=checkout)
    post = MerchantPost.objects.create(shop=shop, text="Galettes des rois dès lundi")
    announcement = Announcement.objects.create(
        title="Marché de Noël", text="Place de la mairie", created_by=mairie
    )
    market = Market.objects.create(
        name="Marché du samedi", place="Place du marché", weekday=5, opens=dt.time(8), closes=dt.time(13)
    )
    market.stallholders.add(shop)
    next_month = timezone.localdate() + dt.timedelta(days=30)
    brk = MarketBreak.objects.create(
        market=market, start_date=next_month, end_date=next_month, reason="Travaux"
    )
    cancellation = MarketCancellation.objects.create(
        market=market, date=next_month + dt.timedelta(days=7), reason="Tempête"
    )
    ClosureFactory(shop=shop, start_date=next_month, end_date=next_month)
    address = UserAddress.objects.create(
        user=resident,
        first_name="Camille",
        last_name="Martin",
        line1="2 avenue du Général Leclerc",
        line4="Viroflay",
        postcode="78220",
        country=Country.objects.get(iso_3166_1_a2="FR"),
    )
    alert = ProductAlert.objects.create(user=resident, product=products[1])

    ids = [
        obj.pk
        for obj in (
            *products,
            shop,
            other,
            applicant,
            order,
            post,
            announcement,
            market,
            brk,
            cancellation,
            address,
            alert,
            resident,
            merchant,
        )
    ]
    numbers = [order.number, other_order.number]
    known = {
        "pk": [str(i) for i in ids],
        "number": numbers,
        "order_number": numbers,
        "token": [checkout.tracking_token],
        "reference": [checkout.reference],
        "slug": [shop.slug, other.slug],
        "key": [alert.key],
        "product_slug": [products[0].slug],
        "action": ["accept", "ready", "collect", "cancel"],
        "table": ["shops", "categories", "days"],
    }
    for name in (
        "product_pk",
        "parent_pk",
        "partner_pk",
        "user_pk",
        "line_pk",
        "line_id",
        "note_id",
        "email_id",
        "parent",
        "object_id",
    ):
        known[name] = known["pk"]

    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    clients["resident"].force_login(resident)
    clients["merchant"].force_login(merchant)
    clients["town hall"].force_login(mairie)
    tracking = f"/orders/track/{checkout.tracking_token}/"
    starts = {
        "anonymous": [
            "/",
            "/shops/",
            "/catalogue/",
            "/markets/",
            "/shops/join/",
            "/accounts/login/",
            "/password-reset/",
            tracking,
            products[0].get_absolute_url(),
        ],
        "resident": [
            "/",
            "/accounts/",
            "/accounts/profile/",
            "/accounts/addresses/",
            "/accounts/alerts/",
            products[0].get_absolute_url(),
            f"/basket/add/{products[0].pk}/",
            "/basket/",
            tracking,
        ],
        "merchant": ["/dashboard/", "/dashboard/shop/mine/", f"/dashboard/board/{order.number}/"],
        "town hall": ["/dashboard/", f"/dashboard/shop/applications/{applicant.pk}/"],
    }
    return Town(clients, known, starts)


@pytest.fixture
def town(db, settings) -> Iterator[Town]:
    # Rate limits and login lockouts would answer 429 long before the views: the fuzz wants the views.
    settings.RATE_LIMITS = {}
    settings.AXES_ENABLED = False
    yield build_town()


def report(town: Town, what: str) -> str:
    listed = "\n\n".join(str(f) for f in town.failures[:15])
    return f"{len(town.failures)} of {sum(town.counts.values())} {what} answered 500:\n\n{listed}"


ROUTES = [route for route in hostile.routes() if hostile.ours(route)]
PARAMETER_NAMES = hostile.request_parameter_names()
query_strategy = st.dictionaries(st.sampled_from(PARAMETER_NAMES), hostile.hostile_text, max_size=3)


def test_the_walk_covers_the_whole_url_configuration() -> None:
    """The fuzz sees our pages, Oscar's forks and the admin of our models, each with its parameters."""
    routes = {route.route: route for route in ROUTES}

    assert "dashboard/board/<str:number>/<slug:action>/" in routes
    assert [p.kind for p in routes["dashboard/board/<str:number>/<slug:action>/"].parameters] == [
        "str",
        "slug",
    ]
    category = routes["catalogue/category/<regex:category_slug>_<regex:pk>/"]
    assert [p.name for p in category.parameters] == ["category_slug", "pk"]
    assert any(r.startswith("admin/townhall/announcement/") for r in routes)
    assert not any(r.startswith("admin/catalogue/") for r in routes)  # Oscar's own admin: Django's business
    assert "next" in PARAMETER_NAMES


def test_the_markup_check_finds_a_payload_a_browser_runs_and_not_an_escaped_one() -> None:
    """The last assertion of the form fuzz can fail: raw payloads are found, escaped ones are not."""
    raw = "<p>Pain <script>fuzz()</script><img src=x onerror=fuzz()><a href=' javascript:fuzz()'>x</a></p>"
    escaped = (
        '<p>Pain &lt;script&gt;fuzz()&lt;/script&gt;</p><input value="javascript:fuzz()">'
        '<script type="application/json">"\\u003Cscript\\u003Efuzz()"</script><img src="x">'
    )

    assert hostile.raw_markup(raw) == [
        "<script>fuzz()</script>",
        "<img onerror='fuzz()'>",
        "<a href=' javascript:fuzz()'>",
    ]
    assert hostile.raw_markup(escaped) == []


@pytest.mark.django_db
def test_no_url_of_the_site_answers_500(town: Town) -> None:
    """Every URL pattern, as each of the four visitors, GET and POST, path values and queries drawn."""
    for route in ROUTES:
        examples = (3 if route.parameters else 1) * SCALE

        @settings(FUZZ_SETTINGS, max_examples=examples)
        @given(
            role=st.sampled_from(ROLES),
            method=st.sampled_from(("get", "post")),
            path=hostile.path_strategy(route, town.known),
            query=query_strategy,
        )
        def visit(role: str, method: str, path: str, query: dict[str, str]) -> None:
            url = f"{path}?{urlencode(query)}" if query and method == "get" else path
            town.send(role, method, url, query if method == "post" else None)

        visit()

    print(f"URL fuzz: {len(ROUTES)} URL patterns, {dict(town.counts)}, {len(town.failures)} answered 500")
    assert sum(town.counts.values()) >= len(ROUTES)
    assert not town.failures, report(town, "requests")


# --- Forms ----------------------------------------------------------------------------------------


def followed(url: str) -> str | None:
    """The route of a link the crawl follows, or None (another site, a file, the session's end)."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "testserver"} or parts.path.startswith(("/media/", "/static/")):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if any(word in (match.view_name or "") for word in NOT_FOLLOWED):
        return None
    return match.route


def crawl(town: Town, role: str, per_route: int = 1, limit: int = 70) -> dict[str, str]:
    """Pages `role` reaches from its starting pages by links: url -> html (HTML pages that answer 200),
    at most `per_route` addresses of one URL pattern."""
    import re

    queue = list(town.starts[role])
    seen_routes: Counter = Counter()
    seen: set[str] = set()
    pages: dict[str, str] = {}
    while queue and len(seen) < limit:
        url = queue.pop(0).split("#")[0]
        route = followed(url)
        if url in seen or route is None or seen_routes[route] >= per_route:
            continue
        seen.add(url)
        seen_routes[route] += 1
        response = town.send(role, "get", url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        for href in re.findall(r'href="([^"]+)"', html):
            href = href.replace("&amp;", "&")
            if href.startswith("/") or href.startswith("http://testserver/"):
                queue.append(href.removeprefix("http://testserver"))
    return pages


def submit(town: Town, role: str, form: hostile.Form, data: dict) -> HttpResponse:
    if form.method == "get":
        plain = {k: v for k, v in data.items() if isinstance(v, str)}
        return town.send(role, "get", form.action, plain)
    return town.send(role, "post", form.action, data)


def fill(town: Town, role: str, form: hostile.Form, examples: int) -> None:
    """`examples` hostile submissions of `form` drawn by hypothesis."""

    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(data=hostile.form_data_strategy(form))
    def submit_drawn(data: dict) -> None:
        submit(town, role, form, data)

    submit_drawn()


def stored_payloads() -> int:
    """Rows of any table whose text columns hold our marker: proof the fuzz stored markup at all."""
    from django.apps import apps

    rows = 0
    for model in apps.get_models():
        text_fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
        ]
        if not text_fields or not model._meta.managed:
            continue
        query = models.Q()
        for name in text_fields:
            query |= models.Q(**{f"{name}__contains": hostile.MARK})
        rows += model._default_manager.filter(query).count()
    return rows


@pytest.mark.django_db
def test_no_form_answers_500_and_stored_markup_never_runs(town: Town) -> None:
    """Each visitor's forms submitted with markup, then hostile values; every page read again after."""
    forms_tried: set[tuple] = set()
    markup_pages: list[str] = []
    for role in ROLES:
        forms = [form for url, html in crawl(town, role).items() for form in hostile.forms_of(html, url)]
        for form in forms:
            if form.key in forms_tried or followed(form.action.split("?")[0]) is None:
                continue
            forms_tried.add(form.key)
            response = submit(town, role, form, hostile.markup_submission(form))
            if "html" in response.get("Content-Type", ""):
                markup_pages += [
                    f"{role} {form.action}: {m}" for m in hostile.raw_markup(response.content.decode())
                ]

            fill(town, role, form, examples=SCALE)

    stored = stored_payloads()
    for role in ROLES:
        for url, html in crawl(town, role, per_route=2, limit=70).items():
            markup_pages += [f"{role} {url}: {m}" for m in hostile.raw_markup(html)]
    print(
        f"Form fuzz: {len(forms_tried)} forms, {dict(town.counts)}, {len(town.failures)} answered 500,"
        f" {stored} rows stored markup, {len(markup_pages)} pages ran it"
    )
    assert not town.failures, report(town, "requests")
    assert stored > 0, "no form stored markup: the pages below were checked against nothing"
    assert not markup_pages, "stored markup served raw:\n" + "\n".join(markup_pages[:30])
