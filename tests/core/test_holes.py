"""Residents get the stored storefront pages with their own parts (core/holes.py, core/pagecache.py).

A page stored once is served to a resident with their basket's count, their account link, their
follow buttons; what one visitor gets never shows to another; and a page from the cache reads the
same as the page drawn for that resident.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from core.holes import hole_html, holes_fill
from follows.models import Follow
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.product_models import ProductDetails
from workshops.models import Registration, Workshop

Basket = get_model("basket", "Basket")
ProductAlert = get_model("customer", "ProductAlert")
Selector = get_class("partner.strategy", "Selector")

pytestmark = [pytest.mark.django_db, pytest.mark.french]

BADGE = re.compile(r'<span class="badge-count">(\d+)<')
VARYING = [
    (re.compile(r"[a-zA-Z0-9]{64}"), "CSRF"),  # each response's masked CSRF token
    (re.compile(r'nonce="[^"]+"'), 'nonce="N"'),  # each response's CSP nonce
]


def frame_urls(product) -> list[str]:
    shop = product.stockrecords.get().partner
    return [
        reverse("home"),
        reverse("shops:directory"),
        reverse("shops:detail", kwargs={"slug": shop.slug}),
        reverse("catalogue:index"),
        product.get_absolute_url(),
        reverse("search:search") + "?q=comte",
        reverse("markets"),
    ]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def badge(response) -> int:
    return int(BADGE.search(response.content.decode()).group(1))


def comparable(response) -> str:
    page = response.content.decode()
    for pattern, replacement in VARYING:
        page = pattern.sub(replacement, page)
    return page


def test_a_resident_gets_the_stored_page_with_their_own_header(comte) -> None:
    url = comte.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    odile = logged_in(UserFactory(first_name="Odile"))
    odile.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 2})
    odile.get(reverse("basket:summary"))  # reads the "added" message
    response = odile.get(url)
    assert response["X-Page-Cache"] == "hit"
    page = response.content.decode()
    assert "Mon compte" in page and "Se connecter" not in page
    assert badge(response) == 2
    assert "\x00" not in page

    guest = Client()
    guest.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 3})
    guest.get(reverse("basket:summary"))
    response = guest.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert badge(response) == 3 and "Se connecter" in response.content.decode()


def test_what_a_residents_drawing_stored_shows_nobody_else_their_parts(comte) -> None:
    shop = comte.stockrecords.get().partner
    url = reverse("shops:detail", kwargs={"slug": shop.slug})
    odile = UserFactory(first_name="Odile")
    Follow.objects.create(user=odile, shop=shop)
    first = logged_in(odile).get(url)  # nobody drew it yet: drawn for her, stored for all
    assert first["X-Page-Cache"] == "miss"
    assert "Ne plus suivre" in first.content.decode()

    plain = Client().get(url)
    assert plain["X-Page-Cache"] == "hit"
    assert "Se connecter pour suivre cette boutique" in plain.content.decode()
    assert "Mon compte" not in plain.content.decode() and "Ne plus suivre" not in plain.content.decode()

    other = logged_in(UserFactory(first_name="Marcel")).get(url)
    assert other["X-Page-Cache"] == "hit"
    assert "Suivre cette boutique" in other.content.decode()
    assert "Ne plus suivre" not in other.content.decode()


def test_a_page_from_the_cache_reads_as_the_page_drawn_for_that_resident(comte, settings) -> None:
    """Every page residents get from the cache, for a resident following the shop and the markets,
    with a basket, and for a merchant (the dashboard link): the same page as drawn for them."""
    shop = comte.stockrecords.get().partner
    resident = UserFactory(first_name="Odile")
    Follow.objects.create(user=resident, shop=shop)
    Follow.objects.create(user=resident, shop=None)
    merchant = make_merchant(ShopFactory(name="Primeur Marcel"))
    # The clock stands still: what only time changes ("open now") is not what this compares.
    with time_machine.travel(timezone.now(), tick=False):
        compare_cached_and_drawn(comte, (resident, merchant), settings)


def compare_cached_and_drawn(comte, users, settings) -> None:
    for user in users:
        client = logged_in(user)
        client.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1})
        client.get(reverse("basket:summary"))
        from_cache = {}
        for url in frame_urls(comte):
            Client().get(url)
            response = client.get(url)
            assert response["X-Page-Cache"] == "hit", url
            from_cache[url] = comparable(response)
        settings.PAGE_CACHE_VIEWS = []
        for url in frame_urls(comte):
            drawn = client.get(url)
            assert "X-Page-Cache" not in drawn
            assert from_cache[url] == comparable(drawn), url
        settings.PAGE_CACHE_VIEWS = settings.PAGE_CACHE_FRAME_VIEWS + ["basket:summary", "workshops:list"]


def test_the_basket_count_follows_each_addition_at_once(comte) -> None:
    url = reverse("home")
    Client().get(url)
    guest = Client()
    for expected in (1, 2):
        guest.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1})
        guest.get(reverse("basket:summary"))
        response = guest.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert badge(response) == expected


def test_a_follow_shows_on_the_next_request(comte) -> None:
    shop = comte.stockrecords.get().partner
    url = reverse("shops:detail", kwargs={"slug": shop.slug})
    Client().get(url)
    odile = logged_in(UserFactory())
    page = odile.get(url)
    assert "Suivre cette boutique" in page.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = odile.post(
        reverse("follows:follow-shop", kwargs={"pk": shop.pk}),
        {"action": "follow", "next": url, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    odile.get(reverse("basket:summary"))  # reads the "you follow" message, if any
    again = odile.get(url)
    assert "Ne plus suivre" in again.content.decode()


def test_staff_and_a_resident_with_a_message_waiting_get_the_page_drawn(comte) -> None:
    url = reverse("home")
    Client().get(url)
    staff = logged_in(UserFactory(is_staff=True))
    assert "X-Page-Cache" not in staff.get(url)
    odile = logged_in(UserFactory())
    odile.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1})
    response = odile.get(url)  # the "added to your basket" message is shown, on a page drawn for her
    assert "X-Page-Cache" not in response
    assert [str(message) for message in response.context["messages"]]
    assert odile.get(url)["X-Page-Cache"] == "hit"  # read once, gone


def test_a_resident_logging_in_with_a_guest_basket_gets_it_merged(comte) -> None:
    url = reverse("home")
    Client().get(url)
    client = Client()
    client.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 2})
    client.get(reverse("basket:summary"))
    client.force_login(UserFactory())
    response = client.get(url)  # Oscar merges the guest basket into the account's: drawn, not stored
    assert "X-Page-Cache" not in response
    assert badge(client.get(url)) == 2


def test_an_item_sold_by_weight_counts_once_in_the_header_from_the_cache(comte) -> None:
    entrecote = ProductFactory(title="Entrecôte", shop=ShopFactory(name="Boucherie Gaillard"), price="32.00")
    ProductDetails.objects.create(product=entrecote, unit=ProductDetails.Unit.KG)
    url = reverse("home")
    Client().get(url)
    for client in (Client(), logged_in(UserFactory())):
        client.post(reverse("basket:add", kwargs={"pk": entrecote.pk}), {"quantity": 3})  # about 300 g
        client.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 2})
        drawn = client.get(reverse("basket:summary"))  # drawn: Oscar's basket, and the message read
        assert badge(drawn) == 3  # the entrecôte and two comtés
        from_cache = client.get(url)
        assert from_cache["X-Page-Cache"] == "hit"
        assert badge(from_cache) == 3


def test_the_search_limit_holds_for_a_resident_served_from_the_cache(comte, settings) -> None:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "search": {**settings.RATE_LIMITS["search"], "rate": "3/m"},
    }
    url = reverse("search:search") + "?q=comte"
    Client(REMOTE_ADDR="198.51.100.9").get(url)  # stored by someone else
    odile = logged_in(UserFactory())
    answers = [odile.get(url) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0]["X-Page-Cache"] == "hit"


def test_a_residents_page_from_the_cache_reads_a_few_queries(comte) -> None:
    """The basket's count (one query) and, logged in, the session and the user: not the basket with
    its lines and offers, and no page drawn (a drawn page reads 13 to 23: test_query_budgets.py)."""
    url = comte.get_absolute_url()
    Client().get(url)
    guest = Client()
    guest.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1})
    guest.get(reverse("basket:summary"))
    resident = logged_in(UserFactory())
    resident.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1})
    resident.get(reverse("basket:summary"))
    resident.get(url)  # whether they may open the dashboard is kept a minute from here
    for client, budget in ((guest, 1), (resident, 3)):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert len(captured) <= budget, [query["sql"][:80] for query in captured]


def test_only_a_marker_the_page_made_is_filled_not_one_typed_in_a_page() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.page_frame = True
    made = hole_html(request, "account_link")
    request.page_frame = False
    typed = "\x00hole:account_link:{}\x00 \x00hole:0000:account_link:{}\x00"
    page = holes_fill(f"<header>{made}</header><p>{typed}</p>", request)
    assert page.startswith('<header><a class="tool-link" href="/accounts/login/">')
    assert page.endswith(f"<p>{typed}</p>")


def test_the_home_pages_workshops_say_to_each_resident_whether_they_signed_up(comte) -> None:
    workshop = Workshop.objects.create(
        title="Mon premier achat en ligne",
        audience=Workshop.Audience.RESIDENTS,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Mairie",
    )
    odile = UserFactory()
    Registration.objects.create(workshop=workshop, user=odile, name="Odile")
    Client().get(reverse("home"))
    page = logged_in(odile).get(reverse("home"))
    assert page["X-Page-Cache"] == "hit"
    assert "Vous êtes inscrit" in page.content.decode()
    other = logged_in(UserFactory()).get(reverse("home")).content.decode()
    assert "Vous êtes inscrit" not in other and "S’inscrire" in other
    assert "Se connecter pour s’inscrire" in Client().get(reverse("home")).content.decode()


def test_a_sold_out_products_stock_alert_is_each_residents_own(comte) -> None:
    sold_out = ProductFactory(title="Brie de Meaux", shop=comte.stockrecords.get().partner, stock=0)
    odile = UserFactory()
    ProductAlert.objects.create(product=sold_out, user=odile, status=ProductAlert.ACTIVE)
    url = sold_out.get_absolute_url()
    assert "alert_form" in Client().get(url).content.decode()
    page = logged_in(odile).get(url)
    assert page["X-Page-Cache"] == "hit"
    assert "Vous avez déjà une alerte active pour ce produit" in page.content.decode()
    assert 'id="alert_form"' not in page.content.decode()
    other = logged_in(UserFactory()).get(url).content.decode()
    assert 'id="alert_form"' in other and 'type="email"' not in other  # logged in: no email to type


def test_one_visitors_referer_is_never_shown_to_others(comte) -> None:
    url = comte.get_absolute_url()
    logged_in(UserFactory()).get(url, HTTP_REFERER="http://testserver/search/?q=avocat+divorce")
    assert "divorce" not in Client().get(url).content.decode()


def test_head_from_the_cache_says_the_length_of_the_page(comte) -> None:
    url = reverse("home")
    Client().get(url)
    for client in (Client(), logged_in(UserFactory())):
        got = client.get(url)
        head = client.head(url)
        assert head["X-Page-Cache"] == got["X-Page-Cache"] == "hit"
        assert int(head["Content-Length"]) == len(got.content) > 0


def test_an_account_with_two_open_baskets_counts_them_as_oscar_merges_them(comte) -> None:
    odile = UserFactory()
    strategy = Selector().strategy()
    for quantity in (2, 3):  # two open baskets: Oscar keeps the larger quantity when it merges them
        basket = Basket.objects.create(owner=odile)
        basket.strategy = strategy
        basket.add_product(comte, quantity)
    Client().get(reverse("home"))
    resident = logged_in(odile)
    from_cache = resident.get(reverse("home"))
    assert from_cache["X-Page-Cache"] == "hit"
    assert badge(from_cache) == 3
    assert badge(resident.get(reverse("basket:summary"))) == 3  # drawn: Oscar merged them


def test_a_guest_cookie_for_a_basket_no_longer_open_is_deleted(comte) -> None:
    guest = Client()
    guest.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1})
    guest.get(reverse("basket:summary"))
    Basket.objects.update(status=Basket.SUBMITTED)  # ordered: Oscar's middleware would drop the cookie
    Client().get(reverse("home"))
    response = guest.get(reverse("home"))
    assert response["X-Page-Cache"] == "hit" and badge(response) == 0
    assert response.cookies[settings.OSCAR_BASKET_COOKIE_OPEN].value == ""
