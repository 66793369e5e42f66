"""News and offers: the town's announcements, merchants' posts, and the town hall hiding posts or products."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from markets.models import Market, MarketCancellation
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from townhall.models import Announcement, MerchantPost, ModerationEvent

pytestmark = pytest.mark.django_db

WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

TOWN_HALL_PAGES = [
    ("dashboard:announcement-list", {}),
    ("dashboard:announcement-create", {}),
    ("dashboard:moderation", {}),
    ("dashboard:market-list", {}),
    ("dashboard:market-create", {}),
]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shop(db):
    return ShopFactory(name="Boulangerie Dupain")


@pytest.fixture
def merchant(shop):
    return make_merchant(shop, email="paul@dupain.fr")


def make_post(shop, **fields) -> MerchantPost:
    return MerchantPost.objects.create(
        shop=shop,
        kind=fields.pop("kind", MerchantPost.Kind.OFFER),
        text=fields.pop("text", "Two for one"),
        **fields,
    )


# --- Who reaches what


def test_merchants_and_residents_are_refused_the_town_hall_pages(merchant, town_hall) -> None:
    resident = logged_in(UserFactory(email="resident@example.com"))
    for name, kwargs in TOWN_HALL_PAGES:
        url = reverse(name, kwargs=kwargs)
        assert logged_in(merchant).get(url).status_code == 403, name
        assert resident.get(url).status_code == 403, name
        assert town_hall.get(url).status_code == 200, name
    market = Market.objects.create(name="M", place="P", weekday=5, opens=dt.time(8), closes=dt.time(12))
    cancellation = MarketCancellation.objects.create(market=market, date=dt.date(2026, 11, 28), reason="Rain")
    delete_url = reverse("dashboard:market-cancellation-delete", args=[cancellation.pk])
    assert logged_in(merchant).post(delete_url).status_code == 403
    assert MarketCancellation.objects.filter(pk=cancellation.pk).exists()
    post = make_post(ShopFactory())
    hide_url = reverse("dashboard:moderation-post-hide", args=[post.pk])
    assert logged_in(merchant).post(hide_url, {"reason": "mine now"}).status_code == 403
    post.refresh_from_db()
    assert post.hidden_at is None


def test_residents_are_refused_the_merchant_posts() -> None:
    resident = logged_in(UserFactory(email="resident@example.com"))
    assert resident.get(reverse("dashboard:post-list")).status_code == 403


# --- Announcements


def test_the_town_hall_publishes_an_announcement_seen_on_the_home_page_between_its_dates(
    town_hall, client
) -> None:
    response = town_hall.post(
        reverse("dashboard:announcement-create"),
        {
            "title": "Christmas market",
            "text": "Saturday on the church square.",
            "link": "https://viroflay.fr/noel",
            "starts_on": "2026-11-20",
            "ends_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    assert Announcement.objects.get().title == "Christmas market"

    for moment, shown in [
        (dt.datetime(2026, 11, 19, 12, tzinfo=dt.UTC), False),
        (WEDNESDAY_MORNING, True),
        (dt.datetime(2026, 11, 30, 20, tzinfo=dt.UTC), True),  # 21:00 in Paris, last day
        (dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), False),
    ]:
        with time_machine.travel(moment, tick=False):
            page = client.get(reverse("home")).content.decode()
        assert ("Christmas market" in page) is shown, moment
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("home")).content.decode()
    assert "https://viroflay.fr/noel" in page


def test_an_announcement_cannot_end_before_it_starts(town_hall) -> None:
    response = town_hall.post(
        reverse("dashboard:announcement-create"),
        {"title": "Oops", "text": "x", "starts_on": "2026-11-20", "ends_on": "2026-11-10"},
    )
    assert response.status_code == 200
    assert "The end date comes before the start date." in response.content.decode()
    assert not Announcement.objects.exists()


# --- Merchant posts


def test_a_merchant_posts_an_offer_shown_on_the_shop_page_and_the_home_feed(merchant, shop, client) -> None:
    response = logged_in(merchant).post(
        reverse("dashboard:post-create"),
        {"kind": "menu", "text": "Quiche lorraine and salad, 9 €", "publish_from": "2026-11-25T08:00"},
    )
    assert response.status_code == 302
    post = MerchantPost.objects.get()
    assert post.shop == shop

    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        shop_page = client.get(reverse("shops:detail", kwargs={"slug": shop.slug})).content.decode()
        home = client.get(reverse("home")).content.decode()
    assert "Quiche lorraine and salad" in shop_page and "Today&#x27;s menu" in shop_page
    assert "Quiche lorraine and salad" in home and "Boulangerie Dupain" in home


def test_posts_show_only_between_their_dates(shop, client) -> None:
    make_post(shop, text="Coming soon", publish_from=dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
    make_post(
        shop,
        text="Yesterday's menu",
        publish_from=dt.datetime(2026, 11, 24, 8, tzinfo=dt.UTC),
        publish_until=dt.datetime(2026, 11, 24, 20, tzinfo=dt.UTC),
    )
    make_post(shop, text="Current offer", publish_from=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("shops:detail", kwargs={"slug": shop.slug})).content.decode()
    assert "Current offer" in page
    assert "Coming soon" not in page and "Yesterday&#x27;s menu" not in page


def test_a_merchant_only_touches_their_own_posts(merchant, shop) -> None:
    mine = make_post(shop, text="Mine")
    theirs = make_post(ShopFactory(name="Other shop"), text="Theirs")
    client = logged_in(merchant)

    listed = client.get(reverse("dashboard:post-list"))
    assert list(listed.context["posts"]) == [mine]
    assert client.get(reverse("dashboard:post-update", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("dashboard:post-update", args=[theirs.pk]), {"text": "pwned"}).status_code == 404
    )
    assert client.post(reverse("dashboard:post-delete", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.text == "Theirs"

    assert client.post(reverse("dashboard:post-delete", args=[mine.pk])).status_code == 302
    assert not MerchantPost.objects.filter(pk=mine.pk).exists()


# --- Hiding


def test_the_town_hall_hides_a_post_the_merchant_is_told_why_and_the_log_keeps_it(
    town_hall, merchant, shop, client, django_capture_on_commit_callbacks
) -> None:
    post = make_post(shop, text="Miracle cure bread", publish_from=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))

    with django_capture_on_commit_callbacks(execute=True):
        response = town_hall.post(
            reverse("dashboard:moderation-post-hide", args=[post.pk]),
            {"reason": "Health claims are not allowed."},
        )

    assert response.status_code == 302
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("shops:detail", kwargs={"slug": shop.slug})).content.decode()
        home = client.get(reverse("home")).content.decode()
    assert "Miracle cure bread" not in page and "Miracle cure bread" not in home
    [message] = mail.outbox
    assert message.to == ["paul@dupain.fr"]
    assert "Health claims are not allowed." in message.body and "Miracle cure bread" in message.body
    event = ModerationEvent.objects.get()
    assert event.action == ModerationEvent.Action.POST_HIDDEN
    assert event.actor.email == "mairie@example.com" and event.shop == shop and event.post == post
    assert event.reason == "Health claims are not allowed."
    log = town_hall.get(reverse("dashboard:moderation")).content.decode()
    assert "Health claims are not allowed." in log and "mairie@example.com" in log

    # The merchant sees why, and cannot edit it back online.
    merchant_client = logged_in(merchant)
    assert (
        "Health claims are not allowed."
        in merchant_client.get(reverse("dashboard:post-list")).content.decode()
    )
    assert merchant_client.get(reverse("dashboard:post-update", args=[post.pk])).status_code == 404


def test_hiding_needs_a_reason(town_hall, shop) -> None:
    post = make_post(shop)
    response = town_hall.post(reverse("dashboard:moderation-post-hide", args=[post.pk]), {"reason": "  "})
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.hidden_at is None and not ModerationEvent.objects.exists() and not mail.outbox


def test_the_town_hall_hides_a_product(
    town_hall, merchant, shop, client, django_capture_on_commit_callbacks
) -> None:
    product = ProductFactory(shop=shop, title="Fake Champagne")

    found = town_hall.get(reverse("dashboard:moderation"), {"q": "champagne"})
    assert list(found.context["products"]) == [product]
    with django_capture_on_commit_callbacks(execute=True):
        town_hall.post(
            reverse("dashboard:moderation-product-hide", args=[product.pk]), {"reason": "Not an AOC product."}
        )

    product.refresh_from_db()
    assert product.is_public is False
    assert (
        "Fake Champagne"
        not in client.get(reverse("shops:detail", kwargs={"slug": shop.slug})).content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["paul@dupain.fr"] and "Not an AOC product." in message.body
    event = ModerationEvent.objects.get()
    assert event.action == ModerationEvent.Action.PRODUCT_HIDDEN
    assert (event.product, event.shop, event.subject) == (product, shop, "Fake Champagne")
    assert timezone.now() - event.created_at < dt.timedelta(minutes=1)


def a_shop_with_a_post_a_jam_and_a_hidden_post(number: int) -> None:
    shop = ShopFactory(name=f"Shop {number}")
    make_post(shop, text=f"Offer {number}")
    ProductFactory(shop=shop, title=f"Jam {number}")
    ModerationEvent.objects.create(
        action=ModerationEvent.Action.POST_HIDDEN,
        actor=UserFactory(),
        shop=shop,
        subject=f"Hidden {number}",
        reason="Off topic",
    )


@pytest.mark.parametrize("page", ["moderation", "home"])
def test_the_moderation_page_and_the_home_feed_cost_the_same_queries_for_one_or_many_rows(
    town_hall, page
) -> None:
    url = reverse("dashboard:moderation") + "?q=Jam" if page == "moderation" else reverse("home")
    a_shop_with_a_post_a_jam_and_a_hidden_post(1)
    town_hall.get(url)  # the first request of a session fills caches (site, permissions)
    with CaptureQueriesContext(connection) as one:
        assert town_hall.get(url).status_code == 200
    for number in range(2, 6):
        a_shop_with_a_post_a_jam_and_a_hidden_post(number)
    town_hall.get(url)  # new products' cards are rendered and cached once (a real cache, as in CI)
    with CaptureQueriesContext(connection) as many:
        assert "Offer 5" in town_hall.get(url).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
