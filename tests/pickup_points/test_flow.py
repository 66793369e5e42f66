"""A checkout collected at a pickup point: placed all or nothing, dropped, told once, handed over."""

import datetime as dt

import pytest
from oscar.core.loading import get_model

from orders import placement, services
from orders.exceptions import (
    InvalidTransition,
    PlacementError,
    SlotUnavailable,
    TooManyAttempts,
    WrongPickupCode,
)
from orders.models import Fulfilment, SlotBooking, Status
from orders.placement import FulfilmentChoice, checkout_place
from tests.pickup_points.placing import CONTACT, FIVE_PM, PARIS, at_point, basket_with, place_at_point

StockRecord = get_model("partner", "StockRecord")


def allocated(product) -> int:
    return StockRecord.objects.get(product=product).num_allocated or 0


def point_booked(point, start=FIVE_PM) -> int:
    row = SlotBooking.objects.filter(shop=point, fulfilment=Fulfilment.PICKUP_POINT, start=start).first()
    return row.booked if row else 0


def test_every_order_goes_to_the_point_in_one_slot_with_one_code(town):
    checkout = place_at_point(town)

    orders = list(checkout.orders.order_by("number"))
    assert {order.shop for order in orders} == {town["baker"], town["cheese"]}
    assert {order.pickup_point for order in orders} == {town["point"]}
    assert {order.slot_start for order in orders} == {FIVE_PM}
    assert len({order.pickup_code for order in orders}) == 1 and len(orders[0].pickup_code) == 6
    # One place at the point for the checkout; the shops' own slots are untouched.
    assert point_booked(town["point"]) == 1
    assert not SlotBooking.objects.filter(shop__in=[town["baker"], town["cheese"]]).exists()
    # Each shop drops off an hour before the resident comes.
    assert orders[0].dropoff_deadline == dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


def test_a_full_point_slot_places_nothing(town):
    place_at_point(town)
    place_at_point(town)  # the factory point takes two checkouts a slot

    with pytest.raises(SlotUnavailable, match="Halle du marché is full"):
        place_at_point(town)

    assert point_booked(town["point"]) == 2
    assert allocated(town["bread"]) == 2 and allocated(town["comte"]) == 2


def test_a_shop_that_did_not_opt_in_refuses_the_whole_checkout(town):
    town["cheese"].drops_at_pickup_points = False
    town["cheese"].save()

    with pytest.raises(PlacementError, match="Fromagerie Rieussec does not drop orders at a pickup point"):
        place_at_point(town)

    assert allocated(town["bread"]) == 0 and point_booked(town["point"]) == 0


def test_the_point_is_for_all_shops_of_the_basket_or_none(town):
    basket = basket_with(town["bread"], town["comte"])
    with pytest.raises(PlacementError, match="choose it for all, or none"):
        checkout_place(
            basket=basket,
            choices={
                town["baker"].pk: at_point(town["point"]),
                town["cheese"].pk: FulfilmentChoice(slot_start=FIVE_PM),
            },
            contact=CONTACT,
            user=None,
        )
    assert allocated(town["bread"]) == 0 and point_booked(town["point"]) == 0


def test_a_single_shop_basket_cannot_go_to_the_point(town):
    with pytest.raises(PlacementError, match="choose it for all, or none"):
        checkout_place(
            basket=basket_with(town["bread"]),
            choices={town["baker"].pk: at_point(town["point"])},
            contact=CONTACT,
            user=None,
        )


def test_a_time_outside_the_points_hours_is_refused(town):
    with pytest.raises(SlotUnavailable, match="Halle du marché is no longer available"):
        place_at_point(town, start=dt.datetime(2026, 11, 24, 14, 0, tzinfo=PARIS))  # closed at lunch


def test_the_point_code_is_not_one_open_at_a_shop_of_the_checkout(town, monkeypatch):
    first = place_at_point(town).orders.first().pickup_code
    codes = iter([first, "ZZZ999"])
    monkeypatch.setattr(placement, "new_pickup_code", lambda: next(codes))

    second = place_at_point(town)

    assert {order.pickup_code for order in second.orders.all()} == {"ZZZ999"}


def by_recipient(inbox, address):
    return [message for message in inbox.messages if message["To"] == address]


def test_the_resident_is_told_once_when_the_last_shop_has_dropped(
    town, smtp_inbox, django_capture_on_commit_callbacks, settings
):
    settings.SMS_BACKEND = "orders.sms.ConsoleSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        checkout = place_at_point(town)
    bread_order = checkout.orders.get(shop=town["baker"])
    cheese_order = checkout.orders.get(shop=town["cheese"])
    with django_capture_on_commit_callbacks(execute=True):
        for order in (bread_order, cheese_order):
            services.order_accept(order=order)
        services.order_mark_dropped(order=bread_order)
    ready_subject = "Everything is ready at Halle du marché"
    assert not [m for m in smtp_inbox.messages if m["Subject"] == ready_subject]

    with django_capture_on_commit_callbacks(execute=True):
        services.order_mark_dropped(order=cheese_order)

    ready = [m for m in by_recipient(smtp_inbox, "camille@example.com") if m["Subject"] == ready_subject]
    assert len(ready) == 1
    text = ready[0].get_body(preferencelist=("plain",)).get_content()
    code = bread_order.pickup_code
    assert f"{code[:3]}-{code[3:]}" in text
    assert "Place du Marché" in text and "17:00–17:30" in text and "08:00–13:00, 15:00–19:30" in text
    assert "Fournil du Marché" in text and "Fromagerie Rieussec" in text
    images = [part for part in ready[0].walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    # The merchants are told of the drop-off time with their new order, never of the code.
    merchant = by_recipient(smtp_inbox, "fournil@example.com")[0].get_body(preferencelist=("plain",))
    assert "Drop it at Halle du marché by Tuesday 24 November, 16:00." in merchant.get_content()
    assert code not in merchant.get_content()


def test_a_cancelled_order_leaves_the_rest_arrived_and_tells_the_resident(
    town, smtp_inbox, django_capture_on_commit_callbacks
):
    checkout = place_at_point(town)
    bread_order = checkout.orders.get(shop=town["baker"])
    cheese_order = checkout.orders.get(shop=town["cheese"])
    services.order_accept(order=bread_order)
    services.order_mark_dropped(order=bread_order)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(order=cheese_order, reason="Plus de comté", actor=None)

    assert [m["Subject"] for m in by_recipient(smtp_inbox, "camille@example.com")].count(
        "Everything is ready at Halle du marché"
    ) == 1
    assert point_booked(town["point"]) == 1  # one order still comes


def test_cancelling_every_order_frees_the_place_at_the_point(town):
    checkout = place_at_point(town)
    for order in checkout.orders.all():
        services.order_cancel(order=order, reason="Empêchement", actor=None)
    assert point_booked(town["point"]) == 0
    assert allocated(town["bread"]) == 0


def test_a_point_order_is_never_ready_at_the_shop_nor_handed_over_there(town):
    order = place_at_point(town).orders.first()
    services.order_accept(order=order)
    with pytest.raises(InvalidTransition):
        services.order_mark_ready(order=order)
    services.order_mark_dropped(order=order)
    with pytest.raises(WrongPickupCode):
        services.order_collect(order=order, typed_code=order.pickup_code, checker_key="shop")


def test_hand_over_needs_everything_there_and_the_right_code(town):
    checkout = place_at_point(town)
    point = town["point"]
    orders = list(checkout.orders.all())
    code = orders[0].pickup_code
    for order in orders:
        services.order_accept(order=order)
    services.order_mark_dropped(order=orders[0])

    with pytest.raises(InvalidTransition, match="Not every shop has dropped"):
        services.checkout_collect_at_point(checkout=checkout, point=point, typed_code=code, checker_key="a")
    services.order_mark_dropped(order=orders[1])
    with pytest.raises(WrongPickupCode):
        services.checkout_collect_at_point(
            checkout=checkout, point=point, typed_code="AAA-AAA", checker_key="a"
        )
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.DROPPED}

    collected = services.checkout_collect_at_point(
        checkout=checkout, point=point, typed_code=f"{code[:3].lower()} {code[3:]}", checker_key="a"
    )

    assert {order.status for order in collected} == {Status.COLLECTED}
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.COLLECTED}
    stock = StockRecord.objects.get(product=town["bread"])
    assert (stock.num_in_stock, stock.num_allocated) == (9, 0)  # consumed on hand-over


def test_codes_cannot_be_guessed_at_the_point(town):
    checkout = place_at_point(town)
    for _attempt in range(5):
        with pytest.raises(WrongPickupCode):
            services.checkout_collect_at_point(
                checkout=checkout, point=town["point"], typed_code="AAAAAA", checker_key="staff"
            )
    with pytest.raises(TooManyAttempts):
        services.checkout_collect_at_point(
            checkout=checkout,
            point=town["point"],
            typed_code=checkout.orders.first().pickup_code,
            checker_key="staff",
        )
