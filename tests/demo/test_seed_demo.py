"""Tests of `manage.py seed_demo`: the demo town a visitor of `make run` finds, built once, never twice."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from core.roles import TOWN_HALL_GROUP
from demo.data import RESIDENT_EMAIL
from demo.site_domain import site_ensure
from markets.models import Market, MarketBreak, MarketCancellation
from orders.models import Fulfilment
from orders.placement import Contact, DeliveryAddress, FulfilmentChoice, checkout_place, shop_slots
from shops.emails import absolute_url
from shops.models import Closure, OpeningHours, Partner, ShopCategory, ShopEvent
from townhall.models import Announcement, MerchantPost

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker, tmp_path_factory):
    """The default demo, seeded once for the module and rolled back after it (it takes seconds)."""
    media = tmp_path_factory.mktemp("demo-media")
    output = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("seed_demo", stdout=output)
        yield SimpleNamespace(media=media, output=output.getvalue())
        transaction.set_rollback(True)
    Site.objects.clear_cache()  # the rollback puts example.com back; the cache must not keep the demo's


def counts() -> dict[str, int]:
    models = (
        Partner,
        ShopCategory,
        OpeningHours,
        Closure,
        ShopEvent,
        User,
        Product,
        StockRecord,
        ProductImage,
        Announcement,
        MerchantPost,
        Market,
        MarketBreak,
        MarketCancellation,
    )
    return {model.__name__: model.objects.count() for model in models}


def at_eleven_today() -> dt.datetime:
    return dt.datetime.combine(timezone.localdate(), dt.time(11), tzinfo=ZoneInfo("Europe/Paris"))


def test_the_town_has_thirty_approved_shops_across_categories(demo_town):
    approved = Partner.objects.on_storefront()
    assert approved.count() >= 30
    assert approved.values("category").distinct().count() >= 14
    assert ShopCategory.objects.exclude(icon="").count() >= 14
    bakery = Partner.objects.get(code="au-pain-de-viroflay")
    assert bakery.category.name == "Boulangerie-pâtisserie"
    assert bakery.full_address == "45 avenue du Général Leclerc, 78220 Viroflay"


def test_the_town_hall_has_two_applications_to_review_and_one_suspended_shop(demo_town):
    assert Partner.objects.filter(approval=Partner.Approval.PENDING).count() == 2
    suspended = Partner.objects.get(approval=Partner.Approval.SUSPENDED)
    assert suspended.approval_reason
    assert suspended.events.filter(action=ShopEvent.Action.SUSPENDED).exists()


def test_demo_accounts_log_in_with_the_demo_password(demo_town, client):
    for email in ("resident@example.com", "mairie@example.com", "au-pain-de-viroflay@example.com"):
        assert client.login(username=email, password="marketplace"), email
        client.logout()


def test_a_merchant_runs_exactly_its_own_shop(demo_town):
    merchant = User.objects.get(email="la-cave-a-fromages@example.com")
    assert list(merchant.partners.all()) == [Partner.objects.get(code="la-cave-a-fromages")]
    assert merchant.has_perm("partner.dashboard_access")
    assert not merchant.is_staff


def test_mairie_is_staff_in_the_town_hall_group(demo_town):
    mairie = User.objects.get(email="mairie@example.com")
    assert mairie.is_staff
    assert mairie.groups.filter(name=TOWN_HALL_GROUP).exists()


def test_some_shops_are_closed_today_for_an_exceptional_reason(demo_town):
    closed = [
        shop for shop in Partner.objects.on_storefront().filter(closures__isnull=False).distinct()
        if shop.status_at(at_eleven_today()).closure is not None
    ]  # fmt: skip
    assert {shop.status_at(at_eleven_today()).closure.reason for shop in closed} == {
        "Inventaire",
        "Congés annuels",
    }


def test_one_shop_is_temporarily_closed_with_a_message(demo_town):
    shop = Partner.objects.on_storefront().get(temporarily_closed=True)
    status = shop.status_at(at_eleven_today())
    assert not status.is_open
    assert status.temporarily_closed
    assert status.message == shop.closed_message != ""


def test_bakeries_open_twice_a_day_and_close_on_monday(demo_town):
    bakery = Partner.objects.get(code="au-pain-de-viroflay")
    tuesday = [(h.opens, h.closes) for h in bakery.opening_hours.filter(weekday=1)]
    assert tuesday == [(dt.time(7), dt.time(13, 30)), (dt.time(15, 30), dt.time(19, 30))]
    assert not bakery.opening_hours.filter(weekday=0).exists()


def test_sales_modes_vary_between_shops(demo_town):
    approved = list(Partner.objects.on_storefront())
    assert sum(shop.offers_click_collect for shop in approved) > len(approved) / 2
    assert any(shop.offers_delivery for shop in approved)
    assert any(shop.offers_call_collect for shop in approved)
    assert 1 <= sum(shop.in_store_only for shop in approved) <= 2


def test_products_have_a_euro_stock_record_of_their_shop_and_a_picture(demo_town):
    baguette = Product.objects.get(
        title="Baguette tradition", stockrecords__partner__code="au-pain-de-viroflay"
    )
    record = baguette.stockrecords.get()
    assert (record.price, record.price_currency) == (Decimal("1.30"), "EUR")
    assert baguette.categories.get().full_name == "Boulangerie-pâtisserie > Pains"
    assert Product.objects.filter(stockrecords__isnull=True).count() == 0
    assert StockRecord.objects.filter(num_in_stock=0).exists()
    assert StockRecord.objects.filter(num_in_stock__gt=0).count() > 200
    # The digital corner's two starting merchants show products without photos on purpose.
    starting = ("la-mercerie-de-viroflay", "le-cellier-du-coteau")
    images = ProductImage.objects.exclude(product__stockrecords__partner__code__in=starting)
    assert images.count() == Product.objects.exclude(stockrecords__partner__code__in=starting).count()
    assert all((Path(demo_town.media) / image.original.name).is_file() for image in images)
    shop = Partner.objects.get(code="fleurs-de-jouy")
    assert (Path(demo_town.media) / shop.logo.name).is_file()
    assert (Path(demo_town.media) / shop.photo.name).is_file()


def test_the_demo_butcher_sells_its_entrecote_by_weight_at_32_euros_a_kilo(demo_town, client):
    butcher = "boucherie-lemoine"
    entrecote = Product.objects.get(title="Entrecôte de bœuf", stockrecords__partner__code=butcher)
    assert entrecote.details.sold_by_weight
    assert entrecote.stockrecords.get().price == Decimal("32.00")
    page = client.get(entrecote.get_absolute_url()).content.decode()
    assert "about 300 g — about €9.60" in page  # the weights a resident chooses from


def test_the_home_page_shows_the_town_news_the_shops_posts_and_the_next_markets(demo_town, client):
    html = client.get(reverse("home")).content.decode()
    assert "Le marché se commande en ligne" in html  # the current announcement
    assert "Travaux rue Rieussec" not in html  # ended
    assert "Offers and news from the shops" in html
    for text in ("−20 % sur les ballotins", "rencontre et dédicace", "Menu du jour à 14,50 €"):
        assert text in html, text
    assert "Next markets" in html and "Marché du samedi" in html
    menu = MerchantPost.objects.get(kind=MerchantPost.Kind.MENU)
    assert menu.shop.category.slug == "restaurant-traiteur"
    assert (Path(demo_town.media) / menu.photo.name).is_file()


def test_the_markets_have_stallholders_a_break_a_cancelled_session_and_stall_pickup(demo_town, client):
    tuesday, saturday = Market.objects.get(weekday=1), Market.objects.get(weekday=5)
    saturday_stalls = {shop.code for shop in saturday.stallholders.all()}
    assert saturday_stalls >= {"le-potager-de-marcel", "la-cave-a-fromages"}
    assert tuesday.breaks.get().end_date >= timezone.localdate()
    cancelled = saturday.cancellations.get()
    page = client.get(reverse("markets")).content.decode()
    assert f"Cancelled: {cancelled.reason}" in page
    assert "Le Potager de Marcel</a> — order online, collect at the stall" in page
    assert "La Cave à Fromages</a></li>" in page

    stall_pickup = Partner.objects.filter(offers_market_pickup=True)
    assert {shop.code for shop in stall_pickup} == {"le-potager-de-marcel", "les-vergers-du-hurepoix"}
    # A stall without premises offers pickup only at its markets, on their next held sessions.
    slots = shop_slots(Partner.objects.get(code="le-potager-de-marcel"), now=timezone.now())
    assert slots and all(slot.at_market for slot in slots)


def test_the_command_prints_the_demo_logins(demo_town):
    assert "resident@example.com" in demo_town.output
    assert "mairie@example.com" in demo_town.output
    assert "marketplace" in demo_town.output


def test_links_in_the_demo_emails_lead_to_the_local_server(demo_town):
    # The invitation a merchant gets on approval is one of these links.
    assert absolute_url("/dashboard/").endswith("://127.0.0.1:8000/dashboard/")


def test_a_domain_the_town_has_set_is_kept(db):
    Site.objects.update(domain="marche.viroflay.fr")
    try:
        site_ensure(domain="127.0.0.1:8080")
        assert absolute_url("/").endswith("://marche.viroflay.fr/")
    finally:
        Site.objects.clear_cache()


@pytest.mark.parametrize("earlier", ["127.0.0.1:8000", "localhost:8000", "localhost"])
def test_a_run_on_another_port_moves_the_links_to_it(db, earlier):
    # `make run`, then `PORT=8080 make run`: an invitation must lead to the server now running.
    Site.objects.update(domain=earlier)
    try:
        site_ensure(domain="127.0.0.1:8080")
        assert absolute_url("/dashboard/").endswith("://127.0.0.1:8080/dashboard/")
    finally:
        Site.objects.clear_cache()


def test_every_delivering_shop_has_a_zone_a_fee_and_windows(demo_town):
    delivering = list(Partner.objects.on_storefront().filter(offers_delivery=True))
    assert len(delivering) >= 5
    for shop in delivering:
        rules = shop.delivery_rules()
        assert {"78220", "78000", "92370", "78140"} <= rules.postcodes, shop.code
        assert rules.fee > 0 and rules.free_from > rules.minimum > 0, shop.code
        now = timezone.now()
        assert shop_slots(shop, now=now, fulfilment=Fulfilment.DELIVERY), shop.code


def first_free_slot(shop: Partner, fulfilment: str = Fulfilment.PICKUP) -> dt.datetime:
    return next(s.start for s in shop_slots(shop, now=timezone.now(), fulfilment=fulfilment) if s.remaining)


def best_stocked(shop: Partner):
    return StockRecord.objects.filter(partner=shop).order_by("-num_in_stock", "pk").first()


def test_the_resident_collects_from_two_shops_and_has_the_third_deliver_to_78220(demo_town):
    resident = User.objects.get(email=RESIDENT_EMAIL)
    bakery, cheese, greengrocer = (
        Partner.objects.get(code=code)
        for code in ("au-pain-de-viroflay", "la-cave-a-fromages", "au-panier-frais")
    )
    basket = Basket.objects.create(owner=resident)
    basket.strategy = Selector().strategy(user=resident)
    for shop in (bakery, cheese):
        basket.add_product(best_stocked(shop).product, 1)
    produce = best_stocked(greengrocer)
    # Just over the greengrocer's minimum order for delivery, under free delivery.
    basket.add_product(produce.product, int(greengrocer.delivery_minimum // produce.price) + 1)
    home = DeliveryAddress(line1="12 rue Rieussec", postcode="78220", city="Viroflay")

    checkout = checkout_place(
        basket=basket,
        choices={
            bakery.pk: FulfilmentChoice(slot_start=first_free_slot(bakery)),
            cheese.pk: FulfilmentChoice(slot_start=first_free_slot(cheese)),
            greengrocer.pk: FulfilmentChoice(
                method=Fulfilment.DELIVERY,
                slot_start=first_free_slot(greengrocer, Fulfilment.DELIVERY),
                address=home,
            ),
        },
        contact=Contact(email=resident.email, phone="06 12 34 56 78"),
        user=resident,
    )

    orders = {order.shop.code: order for order in checkout.orders.all()}
    assert [orders[code].fulfilment for code in ("au-pain-de-viroflay", "la-cave-a-fromages")] == [
        Fulfilment.PICKUP,
        Fulfilment.PICKUP,
    ]
    delivered = orders["au-panier-frais"]
    assert delivered.fulfilment == Fulfilment.DELIVERY
    assert delivered.shipping_address.postcode == "78220"
    assert delivered.shipping_incl_tax == greengrocer.delivery_fee > 0


def test_running_it_again_changes_nothing(demo_town, settings):
    settings.MEDIA_ROOT = demo_town.media
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_town_scale_adds_generated_shops_once(demo_town, settings):
    settings.MEDIA_ROOT = demo_town.media
    before = counts()
    output = io.StringIO()
    call_command("seed_demo", shops=3, products=2, stdout=output)

    after = counts()
    assert after["Partner"] - before["Partner"] == 3
    assert after["Product"] - before["Product"] == 6
    assert after["StockRecord"] - before["StockRecord"] == 6
    assert after["ProductImage"] - before["ProductImage"] == 6
    shop = Partner.objects.get(code="boutique-3-primeur")
    assert shop.is_on_storefront
    assert shop.stockrecords.count() == 2
    assert User.objects.get(email="boutique-3-primeur@example.com").partners.get() == shop
    assert "3/3 shops built" in output.getvalue()

    call_command("seed_demo", shops=3, products=2, stdout=io.StringIO())
    assert counts() == after
