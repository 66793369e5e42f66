"""The resident stays in control (issue #15): changing the time or the quantities of an order until the
shop accepts it (orders/changes.py), and nobody stranded: a closure over a booked order, "move them",
the resident picks another time from the link they get."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from orders.changes import can_change, order_quantities_change, order_slot_change
from orders.events import Event
from orders.exceptions import InvalidTransition, OutOfStock, PlacementError, SlotUnavailable
from orders.housekeeping import housekeeping_run
from orders.models import Fulfilment, Order, OutboxMessage, Status
from orders.outbox import outbox_add_for_resident
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.services import order_accept
from payments.models import Payment
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import ProductDayCount, ProductDetails
from tests.checkout import test_views as checkout_tests
from tests.orders.test_stranded import TUESDAY, Basket, Selector, at, book, my_shop
from tests.payments import test_weighed as weighed_tests
from tests.shops.test_dashboard import logged_in

WEDNESDAY_4PM = at(16) + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(at(7, 0), tick=False):
        yield


@pytest.fixture
def baker(db):
    shop = ShopFactory(name="Boulangerie Dupain", preparation_minutes=0)
    return shop, make_merchant(shop, email="paul@dupain.fr"), ProductFactory(shop=shop, title="Baguette")


def value(moment: dt.datetime) -> str:
    """A slot as the form posts it (UTC)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")


def track_url(order: Order) -> str:
    return reverse("order:track", kwargs={"token": order.checkout.tracking_token})


def change_url(order: Order, what: str = "resident-slot") -> str:
    return reverse(f"order:{what}", kwargs={"token": order.checkout.tracking_token, "number": order.number})


def test_the_rule_until_the_shop_accepts_or_while_the_shop_asks_for_another_time() -> None:
    now = at(7)
    order = Order(status=Status.PLACED, fulfilment=Fulfilment.PICKUP, slot_start=at(16))
    assert can_change(order, now)
    assert not can_change(Order(status=Status.ACCEPTED, fulfilment=Fulfilment.PICKUP, slot_start=at(16)), now)
    assert not can_change(Order(status=Status.PLACED, fulfilment=Fulfilment.PICKUP, slot_start=at(6)), now)
    assert not can_change(
        Order(status=Status.PLACED, fulfilment=Fulfilment.PICKUP_POINT, slot_start=at(16)), now
    )
    moved = Order(
        status=Status.ACCEPTED, fulfilment=Fulfilment.PICKUP, slot_start=at(16), reschedule_asked_at=now
    )
    assert can_change(moved, now)
    assert not can_change(
        Order(status=Status.COLLECTED, fulfilment=Fulfilment.PICKUP, reschedule_asked_at=now), now
    )


def test_the_baker_closes_a_booked_tuesday_moves_it_and_the_resident_picks_wednesday(
    baker, django_capture_on_commit_callbacks
) -> None:
    shop, merchant, bread = baker
    order = book(shop, bread, at(16))
    stock = bread.stockrecords.get()
    held = stock.num_allocated
    merchant_client = logged_in(merchant)
    closure = {
        "closures-0-start_date": TUESDAY.isoformat(),
        "closures-0-end_date": TUESDAY.isoformat(),
        "closures-0-reason": "Inventaire",
    }
    merchant_client.post(reverse("dashboard:shop-profile"), my_shop(shop, **closure))
    assert "Move them" in merchant_client.get(reverse("dashboard:order-stranded")).content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        merchant_client.post(reverse("dashboard:order-stranded"), {"action": "move"})

    order.refresh_from_db()
    assert order.status == Status.PLACED and order.reschedule_asked_at is not None
    # Booked for today: on today's board, flagged.
    assert "To reschedule" in merchant_client.get(reverse("dashboard:order-board")).content.decode()
    (message,) = [message for message in mail.outbox if message.to == ["camille@example.com"]]
    assert "will be closed at the time you chose" in message.body
    link = re.search(r"https?://[^/\s]+(/\S+/time/)", message.body).group(1)
    assert link == change_url(order)

    resident = Client()
    page = resident.get(link).content.decode()
    assert "will be closed at the time you chose" in page
    # Its time is closed: the way back says "later", not "keep my time".
    assert "Later: back to my order" in page and "Keep my time" not in page
    assert value(WEDNESDAY_4PM) in page and value(at(16)) not in page  # the closed Tuesday is not offered
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(link, {"slot": value(WEDNESDAY_4PM)})

    assert response.status_code == 302 and response["Location"] == track_url(order)
    order.refresh_from_db()
    assert order.slot_start == WEDNESDAY_4PM and order.reschedule_asked_at is None
    stock.refresh_from_db()
    assert stock.num_allocated == held  # its loaf stayed set aside, not sold twice nor released
    assert "Wednesday 25 November, 16:00" in resident.get(track_url(order)).content.decode()
    (told,) = [message for message in mail.outbox if message.to == ["paul@dupain.fr"]]
    assert f"The customer changed order {order.number}" in told.body
    upcoming = merchant_client.get(reverse("dashboard:order-board"), {"when": "upcoming"}).content.decode()
    assert "Changed by the customer" in upcoming and "To reschedule" not in upcoming


def test_the_resident_changes_the_time_until_the_shop_accepts_and_then_no_more(baker) -> None:
    shop, merchant, bread = baker
    order = book(shop, bread, at(16))
    resident = Client()
    assert "Change the time" in resident.get(track_url(order)).content.decode()

    resident.post(change_url(order), {"slot": value(at(17))})
    order.refresh_from_db()
    assert order.slot_start == at(17)

    order_accept(order=order)
    page = resident.get(track_url(order)).content.decode()
    assert "Change the time" not in page and "Change the quantities" not in page
    response = resident.post(change_url(order), {"slot": value(at(18))}, follow=True)
    assert "it can no longer be changed" in response.content.decode()
    order.refresh_from_db()
    assert order.slot_start == at(17)
    with pytest.raises(InvalidTransition):
        order_slot_change(order=order, slot_value=value(at(18)), actor=None)
    response = resident.post(
        change_url(order, "resident-quantities"), {f"line-{order.lines.get().pk}": "3"}, follow=True
    )
    assert "it can no longer be changed" in response.content.decode()
    assert order.lines.get().quantity == 1


def test_a_taken_or_tampered_time_is_refused_with_a_message_and_nothing_changes(baker) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))

    response = Client().post(change_url(order), {"slot": "2026-11-24T03:00"})

    assert response.status_code == 200
    assert "no longer available" in response.content.decode()
    order.refresh_from_db()
    assert order.slot_start == at(16)


def test_quantities_go_up_within_stock_and_down_giving_stock_back_when_paid_at_the_shop(
    baker, django_capture_on_commit_callbacks
) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))
    line = order.lines.get()
    stock = bread.stockrecords.get()
    stock.num_in_stock, stock.num_allocated = 4, 1
    stock.save()
    resident = Client()
    url = change_url(order, "resident-quantities")
    assert "Change the quantities" in resident.get(track_url(order)).content.decode()

    response = resident.post(url, {f"line-{line.pk}": "9"})
    assert response.status_code == 400 and "Only 3 left" in response.content.decode()
    assert 'value="9"' in response.content.decode()  # what was typed stays
    response = resident.post(url, {f"line-{line.pk}": "deux"})
    assert response.status_code == 400 and "whole number" in response.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resident.post(url, {f"line-{line.pk}": "3"})
    order.refresh_from_db()
    stock.refresh_from_db()
    assert order.lines.get().quantity == 3 and stock.num_allocated == 3
    assert order.total_incl_tax == line.unit_price_incl_tax * 3
    assert any(message.to == ["paul@dupain.fr"] for message in mail.outbox)

    resident.post(url, {f"line-{line.pk}": "2"})
    order.refresh_from_db()
    stock.refresh_from_db()
    kept = order.lines.exclude(status=Status.LINE_UNAVAILABLE).get()
    assert kept.quantity == 2 and stock.num_allocated == 2
    assert order.total_incl_tax == line.unit_price_incl_tax * 2
    assert "taken off by you" in resident.get(track_url(order)).content.decode()


def test_a_card_paid_order_may_only_lower_its_quantities(baker) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))
    Payment.objects.create(
        checkout=order.checkout, amount=order.total_incl_tax, state=Payment.State.SUCCEEDED
    )
    line = order.lines.get()

    with pytest.raises(InvalidTransition, match="paid by card"):
        order_quantities_change(order=order, quantities={line.pk: 2}, actor=None)
    with pytest.raises(InvalidTransition, match="cancel the order"):
        order_quantities_change(order=order, quantities={line.pk: 0}, actor=None)
    assert order.lines.get().quantity == 1


def test_more_than_the_stock_is_refused_and_nothing_is_half_written(baker) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))
    stock = bread.stockrecords.get()
    stock.num_in_stock = stock.num_allocated
    stock.save()

    with pytest.raises(OutOfStock):
        order_quantities_change(order=order, quantities={order.lines.get().pk: 5}, actor=None)

    assert order.lines.get().quantity == 1
    order.refresh_from_db()
    assert (
        order.changed_by_resident_at is None and order.total_incl_tax == order.lines.get().line_price_incl_tax
    )
    assert Decimal(order.total_incl_tax) > 0


def test_with_a_cut_off_the_shop_set_an_accepted_order_changes_until_that_many_hours_before(
    baker, django_capture_on_commit_callbacks
) -> None:
    shop, merchant, bread = baker
    logged_in(merchant).post(
        reverse("dashboard:shop-profile"), my_shop(shop, **{"profile-change_cutoff_hours": "3"})
    )
    shop.refresh_from_db()
    assert shop.change_cutoff_hours == 3
    order = book(shop, bread, at(16))
    order_accept(order=order)
    resident = Client()

    assert "Change the quantities" in resident.get(track_url(order)).content.decode()
    resident.post(change_url(order), {"slot": value(at(18))})
    order.refresh_from_db()
    assert order.slot_start == at(18)

    with time_machine.travel(at(15, 1), tick=False):  # less than 3 hours before 18:00
        assert "Change the time" not in resident.get(track_url(order)).content.decode()
        with pytest.raises(InvalidTransition):
            order_slot_change(order=order, slot_value=value(at(18, 30)), actor=None)


def test_the_accounts_order_page_offers_the_same_changes_until_the_shop_accepts(baker) -> None:
    shop, _merchant, bread = baker
    resident_user = UserFactory(email="camille@example.com")
    order = book(shop, bread, at(16))
    Order.objects.filter(pk=order.pk).update(user=resident_user)
    resident = logged_in(resident_user)
    page_url = reverse("customer:order", kwargs={"order_number": order.number})

    page = resident.get(page_url).content.decode()
    assert change_url(order) in page and change_url(order, "resident-quantities") in page

    order_accept(order=order)
    page = resident.get(page_url).content.decode()
    assert change_url(order) not in page


@pytest.mark.french
def test_the_buttons_and_the_refusal_are_in_french(baker) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))
    resident = Client()
    page = resident.get(track_url(order)).content.decode()
    assert "Changer le créneau" in page and "Modifier les quantités" in page
    # Whatever the shop's name, the sentence stands: « Le Fournil est prévenu » did not for « La Cave ».
    moved = resident.post(change_url(order), {"slot": value(at(17))}, follow=True).content.decode()
    assert f"Votre nouveau créneau est réservé : nous avons prévenu {shop.name}." in moved

    order_accept(order=order)
    response = resident.post(change_url(order), {"slot": value(at(18))}, follow=True)
    assert "elle ne peut plus être modifiée" in response.content.decode()


def test_an_order_being_moved_is_not_reminded_of_the_time_the_shop_closes(baker) -> None:
    shop, merchant, bread = baker
    moving, staying = book(shop, bread, at(16)), book(shop, bread, at(17))
    Order.objects.filter(pk=moving.pk).update(reschedule_asked_at=at(7))

    housekeeping_run(now=at(15, 55))

    reminded = set(
        OutboxMessage.objects.filter(event=Event.PICKUP_REMINDER).values_list("order__number", flat=True)
    )
    assert reminded == {staying.number}


butcher = weighed_tests.butcher


def test_a_weighed_item_is_kept_or_taken_off_whole_not_reweighed_by_the_resident(client, butcher) -> None:
    weighed_tests.order_entrecote(client, butcher, payment="pickup", bread=True)
    order = Order.objects.get(shop=butcher["shop"])
    entrecote = order.lines.get()
    url = change_url(order, "resident-quantities")
    page = client.get(url).content.decode()
    assert "Sold by weight: to change how much, call the shop." in page

    refused = client.post(url, {f"line-{entrecote.pk}": "5"})
    assert refused.status_code == 400 and "is sold by weight" in refused.content.decode()
    assert order.lines.get().quantity == 3


town = checkout_tests.town


def test_a_delivery_stays_within_the_shops_minimum_and_free_delivery(client, town) -> None:
    florist, bouquet = town["florist"]
    florist.delivery_fee, florist.delivery_minimum, florist.delivery_free_from = (
        Decimal("4.00"),
        Decimal("20.00"),
        Decimal("60.00"),
    )
    florist.save()
    checkout_tests.add_to_basket(client, bouquet, 3)
    data = {key: value for key, value in checkout_tests.form_data(town).items() if f"-{florist.pk}-" in key}
    client.post(reverse("checkout:index"), {**checkout_tests.CONTACT, **data})
    order = Order.objects.get(shop=florist)
    assert (order.shipping_incl_tax, order.total_incl_tax) == (Decimal("0.00"), Decimal("75.00"))
    line = order.lines.get()

    with pytest.raises(InvalidTransition, match="delivers free from €60.00"):
        order_quantities_change(order=order, quantities={line.pk: 2}, actor=None)  # 50 €: a fee would be due
    order.refresh_from_db()
    assert order.total_incl_tax == Decimal("75.00") and order.lines.get().quantity == 3

    florist.delivery_free_from, florist.delivery_minimum = None, Decimal("30.00")
    florist.save()
    Order.objects.filter(pk=order.pk).update(
        shipping_incl_tax=Decimal("4.00"), total_incl_tax=Decimal("79.00")
    )
    order.refresh_from_db()
    with pytest.raises(InvalidTransition, match="delivers orders from €30.00"):
        order_quantities_change(order=order, quantities={line.pk: 1}, actor=None)  # 25 € of flowers

    order_quantities_change(order=order, quantities={line.pk: 2}, actor=None)
    order.refresh_from_db()
    assert order.total_incl_tax == Decimal("54.00")  # two bouquets and the fee


def test_a_capped_product_moves_its_count_to_the_new_day_and_a_full_day_is_refused(baker) -> None:
    shop, _merchant, _bread = baker
    croissant = ProductFactory(shop=shop, title="Croissant", stock=1000)
    ProductDetails.objects.create(product=croissant, daily_cap=10)
    shop.slot_capacity = 100
    shop.save()
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(croissant, 6)
    contact = Contact(email="camille@example.com")
    order = checkout_place(
        basket=basket, choices={shop.pk: FulfilmentChoice(slot_start=at(16))}, contact=contact, user=None
    ).orders.get()
    count = lambda day: ProductDayCount.objects.get(product=croissant, day=day).ordered  # noqa: E731

    with pytest.raises(PlacementError, match="Only 4 more “Croissant”"):
        order_quantities_change(order=order, quantities={order.lines.get().pk: 11}, actor=None)
    order_quantities_change(order=order, quantities={order.lines.get().pk: 8}, actor=None)
    assert count(TUESDAY) == 8
    order_slot_change(order=order, slot_value=value(WEDNESDAY_4PM), actor=None)
    assert (count(TUESDAY), count(WEDNESDAY_4PM.date())) == (0, 8)

    # Thursday has 5 left: the 8 croissants cannot move there, and nothing moves.
    ProductDayCount.objects.create(product=croissant, day=TUESDAY + dt.timedelta(days=2), ordered=5)
    with pytest.raises(PlacementError, match="Only 5 more"):
        order_slot_change(order=order, slot_value=value(WEDNESDAY_4PM + dt.timedelta(days=1)), actor=None)
    order.refresh_from_db()
    assert order.slot_start == WEDNESDAY_4PM and count(WEDNESDAY_4PM.date()) == 8


def test_a_time_a_product_is_not_sold_on_is_not_offered_nor_taken(baker) -> None:
    shop, _merchant, bread = baker
    ProductDetails.objects.create(product=bread, weekdays="1")  # Tuesdays only
    order = book(shop, bread, at(16))

    page = Client().get(change_url(order)).content.decode()
    assert value(at(17)) in page and value(WEDNESDAY_4PM) not in page
    with pytest.raises(SlotUnavailable):
        order_slot_change(order=order, slot_value=value(WEDNESDAY_4PM), actor=None)


def test_an_order_moved_after_its_reminder_is_reminded_again_of_its_new_time(
    baker, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))
    with django_capture_on_commit_callbacks(execute=True):
        housekeeping_run(now=at(14, 5))  # two hours before: reminded of 16:00
    order_slot_change(order=order, slot_value=value(at(18)), actor=None, now=at(14, 10))

    with django_capture_on_commit_callbacks(execute=True):
        housekeeping_run(now=at(16, 5))  # two hours before the new time
        housekeeping_run(now=at(16, 10))

    reminders = [
        mail
        for mail in mailoutbox
        if mail.to == [order.checkout.email] and "reminder" in mail.subject.lower() and "18:00" in mail.body
    ]
    sent = OutboxMessage.objects.filter(order=order, event=Event.PICKUP_REMINDER, channel="email")
    assert sent.count() == 2 and len(reminders) == 1  # once for 16:00, once for 18:00, not more


def test_a_reminder_written_before_reminders_carried_their_time_is_not_repeated(baker) -> None:
    shop, _merchant, bread = baker
    order = book(shop, bread, at(16))
    outbox_add_for_resident(order=order, event=Event.PICKUP_REMINDER)  # as written before this release

    housekeeping_run(now=at(14, 5))

    reminders = OutboxMessage.objects.filter(order=order, event=Event.PICKUP_REMINDER, channel="email")
    assert reminders.count() == 1
