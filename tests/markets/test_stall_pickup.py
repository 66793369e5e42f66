"""Collect at the market: a stallholder's stall slots on session days, booked, shown, and called off."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from markets.models import Market, MarketBreak, MarketCancellation
from orders import services
from orders.exceptions import SlotUnavailable
from orders.housekeeping import digest_run, housekeeping_run
from orders.models import Order, SlotBooking, Status
from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
from shops.factories import ProductFactory, ShopFactory, make_merchant
from tests.shops.test_dashboard import profile_data

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning
SATURDAY = dt.date(2026, 11, 28)
SATURDAY_NINE = dt.datetime(2026, 11, 28, 9, 0, tzinfo=PARIS)
SATURDAY_TEN = dt.datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def market(db) -> Market:
    return Market.objects.create(
        name="Marché du samedi", place="Halle du marché", weekday=5, opens=dt.time(8), closes=dt.time(12)
    )


@pytest.fixture
def stall(market):
    """A market gardener without premises (no shop hours), offering pickup at its stall."""
    shop = ShopFactory(
        name="Le Potager de Marcel",
        hours=False,
        offers_market_pickup=True,
        slot_minutes=60,
        slot_capacity=2,
        slot_horizon_days=7,  # one week: one Saturday session ahead
    )
    make_merchant(shop, email="marcel@example.com")
    market.stallholders.add(shop)
    return shop


def stall_times(shop) -> list[dt.datetime]:
    return [slot.start for slot in shop_slots(shop, now=NOW) if slot.at_market]


def slot_value(moment: dt.datetime, market: Market | None = None) -> str:
    value = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    return f"{value}@{market.pk}" if market else value


def place(shop, product, *, start=SATURDAY_NINE, market_id=None, email="camille@example.com"):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, 1)
    return checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=start, market_id=market_id)},
        contact=Contact(email=email, first_name="Camille"),
        user=None,
    )


# --- Which slots a stallholder offers


@pytest.mark.django_db
def test_a_stallholder_offers_its_stall_during_the_market_hours_of_held_sessions(market, stall):
    assert [t.astimezone(PARIS).strftime("%a %H:%M") for t in stall_times(stall)] == [
        "Sat 08:00",
        "Sat 09:00",
        "Sat 10:00",
        "Sat 11:00",
    ]
    assert {slot.place for slot in shop_slots(stall, now=NOW)} == {"Marché du samedi, Halle du marché"}


@pytest.mark.django_db
def test_no_stall_slot_on_a_cancelled_session_a_break_a_market_not_held_or_without_opting_in(market, stall):
    cancellation = MarketCancellation.objects.create(market=market, date=SATURDAY, reason="Storm warning")
    assert stall_times(stall) == []
    cancellation.delete()

    MarketBreak.objects.create(market=market, start_date=SATURDAY, end_date=SATURDAY, reason="Fête")
    assert stall_times(stall) == []
    market.breaks.all().delete()

    market.is_active = False
    market.save()
    assert stall_times(stall) == []
    market.is_active = True
    market.save()

    stall.offers_market_pickup = False
    stall.save()
    assert shop_slots(stall, now=NOW) == []

    # A shop opting in without being one of the market's stallholders gets no stall slot either.
    outsider = ShopFactory(offers_market_pickup=True)
    assert stall_times(outsider) == [] and shop_slots(outsider, now=NOW) != []


@pytest.mark.django_db
def test_a_stallholder_turns_stall_pickup_on_and_off_in_my_shop(market):
    shop = ShopFactory(name="Fromagerie Colette", slot_horizon_days=7)  # one Saturday ahead
    market.stallholders.add(shop)
    merchant = Client()
    merchant.force_login(make_merchant(shop))
    assert "Pickup at my market stall" in merchant.get(reverse("dashboard:shop-profile")).content.decode()
    assert stall_times(shop) == []

    url = reverse("dashboard:shop-profile")
    assert merchant.post(url, profile_data(shop, **{"profile-offers_market_pickup": "on"})).status_code == 302
    shop.refresh_from_db()
    assert shop.offers_market_pickup and len(stall_times(shop)) == 8  # Saturday 8:00–12:00, every 30 min

    assert merchant.post(url, profile_data(shop)).status_code == 302
    shop.refresh_from_db()
    assert not shop.offers_market_pickup and stall_times(shop) == []


# --- Placing at the stall


@pytest.mark.django_db
def test_a_stall_order_records_its_market_and_shows_it_as_the_place(market, stall):
    product = ProductFactory(shop=stall, title="Panier de légumes", stock=5)
    checkout = place(stall, product, market_id=market.pk)

    order = checkout.orders.get()
    assert order.market == market and order.slot_start == SATURDAY_NINE and len(order.pickup_code) == 6
    assert order.pickup_place == "Marché du samedi, Halle du marché"
    assert SlotBooking.objects.get(shop=stall).booked == 1

    baker = ShopFactory()
    other = place(baker, ProductFactory(shop=baker, stock=5), start=SATURDAY_TEN).orders.get()
    assert other.market is None and other.pickup_place == "1 rue de la Paix, 78220 Viroflay"


@pytest.mark.django_db
def test_a_stall_time_must_be_one_offered_at_that_market(market, stall):
    product = ProductFactory(shop=stall, stock=5)
    # The same time without the market is a time at the shop, which has no premises.
    with pytest.raises(SlotUnavailable):
        place(stall, product)
    # Called off after the resident saw the page: refused, nothing written.
    MarketCancellation.objects.create(market=market, date=SATURDAY, reason="Storm warning")
    with pytest.raises(SlotUnavailable):
        place(stall, product, market_id=market.pk)
    assert not Order.objects.exists()
    assert StockRecord.objects.get(product=product).num_allocated in (0, None)


@pytest.mark.django_db
def test_the_checkout_offers_stall_times_and_the_tracking_page_and_board_say_where(client, market, stall):
    product = ProductFactory(shop=stall, title="Panier de légumes", stock=5)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    page = client.get(reverse("checkout:index")).content.decode()
    assert "Pickup in store or at the market" in page
    assert "Saturday 28 November — Marché du samedi, Halle du marché" in page
    assert f'value="{slot_value(SATURDAY_NINE, market)}"' in page

    response = client.post(
        reverse("checkout:index"),
        {
            "first_name": "Camille",
            "last_name": "Martin",
            "email": "camille@example.com",
            "phone": "06 12 34 56 78",
            f"shop-{stall.pk}-method": "pickup",
            f"shop-{stall.pk}-slot": slot_value(SATURDAY_NINE, market),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Thank you, your order is placed" in html
    assert "At the stall of Le Potager de Marcel: Marché du samedi, Halle du marché" in html
    assert Order.objects.get().market == market

    merchant = Client()
    merchant.force_login(stall.users.get())
    with time_machine.travel(SATURDAY_NINE - dt.timedelta(hours=2), tick=False):
        board = merchant.get(reverse("dashboard:order-board")).content.decode()
    assert "At your market stall: Marché du samedi, Halle du marché" in board


@pytest.mark.django_db
def test_the_confirmation_and_ready_emails_give_the_market(
    smtp_inbox, django_capture_on_commit_callbacks, market, stall
):
    product = ProductFactory(shop=stall, stock=5)
    with django_capture_on_commit_callbacks(execute=True):
        order = place(stall, product, market_id=market.pk).orders.get()
        services.order_accept(order=order)
        services.order_mark_ready(order=order)
    to_resident = [m for m in smtp_inbox.messages if m["To"] == "camille@example.com"]
    placed = [m for m in to_resident if "placed" in m["Subject"]]
    for part in ("plain", "html"):
        assert "Marché du samedi, Halle du marché" in placed[0].get_body((part,)).get_content()
    new_order = [m for m in smtp_inbox.messages if m["To"] == "marcel@example.com"][0]
    for part in ("plain", "html"):
        text = new_order.get_body((part,)).get_content()
        assert "At your market stall: Marché du samedi, Halle du marché" in text
    ready = [m for m in to_resident if "ready" in m["Subject"]]
    body = ready[0].get_body(("plain",)).get_content()
    assert "Address: Marché du samedi, Halle du marché" in body
    assert "Market hours: 08:00–12:00" in body


# --- The town hall calls a session off


@pytest.mark.django_db
def test_calling_off_a_session_says_how_many_orders_then_cancels_them_with_the_reason(
    town_hall, smtp_inbox, django_capture_on_commit_callbacks, market, stall
):
    basket_of_veg = ProductFactory(shop=stall, title="Panier de légumes", stock=5)
    with django_capture_on_commit_callbacks(execute=True):
        first = place(stall, basket_of_veg, market_id=market.pk, email="camille@example.com").orders.get()
        second = place(
            stall, basket_of_veg, start=SATURDAY_TEN, market_id=market.pk, email="jules@example.com"
        ).orders.get()
        services.order_accept(order=second)
        # Not at this session: a shop's own order that Saturday.
        baker = ShopFactory(name="Fournil du Marché")
        at_shop = place(baker, ProductFactory(shop=baker, stock=5), start=SATURDAY_TEN).orders.get()
    smtp_inbox.messages.clear()
    assert StockRecord.objects.get(product=basket_of_veg).num_allocated == 2
    listed = town_hall.get(reverse("dashboard:market-list")).content.decode()
    assert "Sat 28 Nov: 2" in listed  # the stall orders the town hall would call off

    url = reverse("dashboard:market-cancel-session", args=[market.pk])
    asked = town_hall.post(url, {"date": "2026-11-28", "reason": "Storm warning"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "2 orders are booked for pickup at the stalls of this session." in html
    assert 'value="Storm warning"' in html  # what was typed is kept
    assert not MarketCancellation.objects.exists()
    assert Order.objects.filter(status=Status.CANCELLED).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        done = town_hall.post(
            url, {"date": "2026-11-28", "reason": "Storm warning", "confirm": "on"}, follow=True
        )
    assert "2 orders were cancelled; their residents and shops were told why." in done.content.decode()
    assert MarketCancellation.objects.get().reason == "Storm warning"
    for order in (first, second):
        order.refresh_from_db()
        assert order.status == Status.CANCELLED
        assert order.cancellation_reason == (
            "Marché du samedi, Saturday 28 November, is cancelled: Storm warning"
        )
    at_shop.refresh_from_db()
    assert at_shop.status == Status.PLACED
    assert "Sat 28 Nov" not in town_hall.get(reverse("dashboard:market-list")).content.decode()
    assert StockRecord.objects.get(product=basket_of_veg).num_allocated == 0
    assert SlotBooking.objects.filter(shop=stall, booked__gt=0).count() == 0

    told = {(m["To"], "Storm warning" in m.get_body(("plain",)).get_content()) for m in smtp_inbox.messages}
    assert told == {("camille@example.com", True), ("jules@example.com", True), ("marcel@example.com", True)}
    assert len([m for m in smtp_inbox.messages if m["To"] == "marcel@example.com"]) == 2


@pytest.mark.django_db
def test_calling_off_a_session_without_orders_needs_no_confirmation(town_hall, market, stall):
    url = reverse("dashboard:market-cancel-session", args=[market.pk])
    assert town_hall.post(url, {"date": "2026-11-28", "reason": "Storm warning"}).status_code == 302
    assert MarketCancellation.objects.get().date == SATURDAY


@pytest.mark.french
@pytest.mark.django_db
def test_residents_and_the_town_hall_read_it_in_french(client, town_hall, market, stall):
    product = ProductFactory(shop=stall, stock=5)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert "Retrait en boutique ou au marché" in client.get(reverse("checkout:index")).content.decode()

    place(stall, product, market_id=market.pk)
    url = reverse("dashboard:market-cancel-session", args=[market.pk])
    asked = town_hall.post(url, {"date": "2026-11-28", "reason": "Tempête"}).content.decode()
    assert "1 commande est à retirer à un stand lors de ce marché." in asked


# --- After booking: a market change that would strand stall orders is refused; the nudge gives the market


@pytest.fixture
def booked(market, stall):
    """A resident's order to collect at the stall on Saturday 28 November."""
    return place(stall, ProductFactory(shop=stall, stock=5), market_id=market.pk).orders.get()


def market_data(market: Market, **changes) -> dict:
    data = {
        "name": market.name,
        "place": market.place,
        "weekday": market.weekday,
        "opens": market.opens.strftime("%H:%M"),
        "closes": market.closes.strftime("%H:%M"),
        "stallholders": [shop.pk for shop in market.stallholders.all()],
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_stopping_a_market_or_moving_its_day_with_stall_orders_ahead_is_refused(town_hall, market, booked):
    url = reverse("dashboard:market-update", args=[market.pk])
    for change in ({"is_active": None}, {"weekday": 6}):
        response = town_hall.post(url, market_data(market, name="Marché du samedi matin", **change))
        html = response.content.decode()
        assert response.status_code == 200
        assert "1 order is booked for pickup at this market&#x27;s stalls (Saturday 28 November)." in html
        assert "Call those sessions off first" in html
        assert 'value="Marché du samedi matin"' in html  # what was typed is kept
    market.refresh_from_db()
    assert market.is_active and market.weekday == 5 and market.name == "Marché du samedi"
    booked.refresh_from_db()
    assert booked.status == Status.PLACED


@pytest.mark.django_db
def test_shorter_hours_are_refused_only_over_a_booked_stall_pickup(town_hall, market, booked):
    url = reverse("dashboard:market-update", args=[market.pk])  # booked 9:00–10:00
    refused = town_hall.post(url, market_data(market, opens="09:30"))
    assert refused.status_code == 200
    assert "1 order is booked for pickup at this market&#x27;s stalls" in refused.content.decode()
    assert town_hall.post(url, market_data(market, opens="09:00", closes="11:00")).status_code == 302
    market.refresh_from_db()
    assert (market.opens, market.closes) == (dt.time(9), dt.time(11))


@pytest.mark.django_db
def test_once_the_session_is_called_off_the_market_can_stop(town_hall, market, booked):
    cancel = reverse("dashboard:market-cancel-session", args=[market.pk])
    town_hall.post(cancel, {"date": "2026-11-28", "reason": "Fin de saison", "confirm": "on"})
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED

    response = town_hall.post(
        reverse("dashboard:market-update", args=[market.pk]), market_data(market, is_active=None)
    )
    assert response.status_code == 302
    market.refresh_from_db()
    assert not market.is_active


@pytest.mark.django_db
def test_removing_a_stallholder_with_orders_at_its_stall_is_refused_but_others_may_go(
    town_hall, market, stall, booked
):
    idle = ShopFactory(name="Miel de Viroflay")
    market.stallholders.add(idle)
    url = reverse("dashboard:market-update", args=[market.pk])

    refused = town_hall.post(url, market_data(market, stallholders=[idle.pk]))
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Le Potager de Marcel: 1 order is booked for pickup at this market&#x27;s stalls" in html
    assert "before the shop leaves the market" in html
    assert set(market.stallholders.all()) == {stall, idle}

    assert town_hall.post(url, market_data(market, stallholders=[stall.pk])).status_code == 302
    assert list(market.stallholders.all()) == [stall]


@pytest.mark.django_db
def test_a_break_over_booked_sessions_is_refused_one_after_them_is_added(town_hall, market, booked):
    url = reverse("dashboard:market-add-break", args=[market.pk])
    over = {"start_date": "2026-11-28", "end_date": "2027-02-28", "reason": "Winter"}

    refused = town_hall.post(url, over)
    assert refused.status_code == 200
    assert "1 order is booked for pickup at this market&#x27;s stalls" in refused.content.decode()
    assert not MarketBreak.objects.exists()

    after = {"start_date": "2026-12-01", "end_date": "2027-02-28", "reason": "Winter"}
    assert town_hall.post(url, after).status_code == 302
    assert MarketBreak.objects.get().start_date == dt.date(2026, 12, 1)


@pytest.mark.django_db
def test_an_uncollected_stall_order_is_nudged_with_the_market_not_the_shops_address(
    smtp_inbox, django_capture_on_commit_callbacks, market, stall, booked
):
    with django_capture_on_commit_callbacks(execute=True):
        services.order_accept(order=booked)
        services.order_mark_ready(order=booked)
    smtp_inbox.messages.clear()
    nudge_at = SATURDAY_NINE + dt.timedelta(days=1, hours=1)  # the stall slot ends at 10:00
    with time_machine.travel(nudge_at, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert housekeeping_run()["uncollected_reminders"] == 1

    (nudge,) = smtp_inbox.messages
    text = nudge.get_body(preferencelist=("plain",)).get_content()
    assert "Address: Marché du samedi, Halle du marché" in text
    assert "Market hours: Saturday 08:00–12:00" in text
    assert stall.full_address and stall.full_address not in text


@pytest.mark.french
@pytest.mark.django_db
def test_the_refusal_speaks_french_first(town_hall, market, booked):
    response = town_hall.post(
        reverse("dashboard:market-update", args=[market.pk]), market_data(market, is_active=None)
    )
    html = response.content.decode()
    assert "1 commande est à retirer aux stands de ce marché (samedi 28 novembre)." in html
    assert "Annulez d&#x27;abord ces séances" in html


@pytest.mark.django_db
def test_the_stallholders_morning_digest_says_the_order_is_at_the_market(
    smtp_inbox, django_capture_on_commit_callbacks, market, stall, booked
):
    smtp_inbox.messages.clear()
    with time_machine.travel(SATURDAY_NINE - dt.timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert digest_run() == 1

    (digest,) = smtp_inbox.messages
    for part in ("plain", "html"):
        text = digest.get_body((part,)).get_content()
        assert "At your market stall: Marché du samedi, Halle du marché" in text
