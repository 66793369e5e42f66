"""Whole pages from the cache for plain visitors (core/pagecache.py): served again without rendering,
each visitor with their own CSRF token and CSP nonce, and never after a change a page shows.
Residents (a login, a basket) get the same stored pages with their own parts: tests/core/test_holes.py."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core import pagecache
from orders.services import stock_allocate
from shops.products import product_price_stock_update
from townhall.models import Announcement

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([^']+)'")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_urls(product) -> list[str]:
    shop = product.stockrecords.get().partner
    return [
        reverse("home"),
        reverse("catalogue:index"),
        product.get_absolute_url(),
        reverse("search:search") + "?q=comte",
        reverse("shops:directory"),
        reverse("shops:detail", kwargs={"slug": shop.slug}),
    ]


def test_a_second_plain_visitor_gets_the_page_from_the_cache(comte) -> None:
    for url in page_urls(comte):
        first = Client().get(url)
        second = Client().get(url)
        assert first.status_code == second.status_code == 200, url
        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit", url
        assert "Comté 18 mois" in second.content.decode() or url == reverse("shops:directory")


def test_a_page_from_the_cache_carries_this_visitors_csrf_token_and_it_works(comte) -> None:
    Client().get(comte.get_absolute_url())  # stored by someone else
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(comte.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    token = TOKEN.search(response.content.decode()).group(1)
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert added.status_code == 302
    assert visitor.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_a_page_from_the_cache_has_a_new_nonce_matching_its_policy(comte) -> None:
    url = reverse("home")
    Client().get(url)
    nonces = []
    for _ in range(2):
        response = Client().get(url)
        assert response["X-Page-Cache"] == "hit"
        (nonce,) = NONCE.findall(response["Content-Security-Policy"])
        page = response.content.decode()
        assert f'nonce="{nonce}"' in page and "\x00" not in page
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_merchants_price_change_shows_on_the_next_request(comte) -> None:
    url = comte.get_absolute_url()
    Client().get(url)
    product_price_stock_update(
        shop=comte.stockrecords.get().partner, product_pk=comte.pk, price=Decimal("5.20")
    )
    page = Client().get(url).content.decode()
    assert "5,20" in page or "5.20" in page
    assert "4.90" not in page and "4,90" not in page


def test_the_last_ones_booked_shows_sold_out_on_the_next_request(comte) -> None:
    url = comte.get_absolute_url()
    add = reverse("basket:add", kwargs={"pk": comte.pk})
    assert add in Client().get(url).content.decode()
    stock_allocate(stockrecord=comte.stockrecords.get(), quantity=10)  # an UPDATE: no save signal
    assert add not in Client().get(url).content.decode()


def test_the_town_halls_news_shows_on_the_next_request(comte) -> None:
    url = reverse("home")
    Client().get(url)
    Client().get(url)
    Announcement.objects.create(title="Marché de Noël samedi", text="Place de la mairie.")
    assert "Marché de Noël samedi" in Client().get(url).content.decode()


def test_a_page_with_a_message_for_the_visitor_is_not_stored(comte) -> None:
    visitor = Client()
    # An unknown product for the basket: Oscar answers with a message kept for the next page.
    visitor.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 0})
    first = visitor.get(reverse("home"))
    assert "X-Page-Cache" not in first  # the message cookie (or a session) makes it personal
    assert Client().get(reverse("home"))["X-Page-Cache"] == "miss"


def test_the_empty_basket_comes_from_the_cache_and_a_filled_one_never(comte) -> None:
    url = reverse("basket:summary")
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    guest = Client()
    guest.post(reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 3})
    response = guest.get(url)
    assert "X-Page-Cache" not in response and "Comté 18 mois" in response.content.decode()


def test_a_page_a_minute_old_is_drawn_again_by_one_request_while_the_others_get_it(comte):
    url = reverse("home")
    start = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 59, 30))
    with time_machine.travel(start, tick=False):
        assert Client().get(url)["X-Page-Cache"] == "miss"
        assert Client().get(url)["X-Page-Cache"] == "hit"
    with time_machine.travel(start + dt.timedelta(seconds=40), tick=False):  # the clock's minute turned
        assert Client().get(url)["X-Page-Cache"] == "hit"  # but the page is 40 s old: fresh
    with time_machine.travel(start + dt.timedelta(seconds=70), tick=False):  # 70 s old
        key = pagecache._page_key(RequestFactory().get(url))
        assert cache.add(f"{key}:drawing", 1, 10)  # another request is drawing it again
        assert Client().get(url)["X-Page-Cache"] == "hit"  # answered with the older page meanwhile
        cache.delete(f"{key}:drawing")
        assert Client().get(url)["X-Page-Cache"] == "miss"  # nobody drawing: this one draws it
        assert Client().get(url)["X-Page-Cache"] == "hit"


def test_a_change_is_never_answered_with_an_earlier_page_even_while_one_is_drawn_again(comte):
    url = comte.get_absolute_url()
    start = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 59, 30))
    with time_machine.travel(start, tick=False):
        Client().get(url)
    with time_machine.travel(start + dt.timedelta(seconds=70), tick=False):
        key = pagecache._page_key(RequestFactory().get(url))
        cache.add(f"{key}:drawing", 1, 10)
        product_price_stock_update(
            shop=comte.stockrecords.get().partner, product_pk=comte.pk, price=Decimal("5.20")
        )
        page = Client().get(url)
        assert page["X-Page-Cache"] == "miss"
        assert "5.20" in page.content.decode() and "4.90" not in page.content.decode()
