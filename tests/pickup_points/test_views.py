"""Pickup points through the pages: the resident's choice at checkout, the shops' drop-off, the staff's desk,
and who may see what."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import Period
from core.roles import ensure_town_hall_group
from orders import services
from orders.models import Checkout, Fulfilment, Status
from orders.placement import checkout_place
from oversight.selectors import overview
from payments.models import Payment
from pickup_points.factories import PickupPointFactory, make_point_staff
from shops.dashboard.selectors import shop_applications, shop_approval_counts
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner
from tests.payments.shopping import pay_in_browser, slot
from tests.pickup_points import placing
from tests.pickup_points.placing import place_at_point
from tests.shops.test_dashboard import profile_data


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fill_basket(client, *products) -> None:
    for product in products:
        response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        assert response.status_code == 302


CONTACT = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille@example.com",
    "phone": "0612345678",
}


def point_data(town, *, payment="card", slot_value=None) -> dict:
    point = town["point"]
    return {
        **CONTACT,
        "point-where": str(point.pk),
        f"point-slot_{point.pk}": slot(17) if slot_value is None else slot_value,
        "payment-method": payment,
    }


# --- The resident's checkout.


def test_a_basket_of_opted_in_shops_is_offered_the_point_and_placed_there(client, town, stripe_stub):
    fill_basket(client, town["bread"], town["comte"])
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Collect everything in one place?" in page
    assert "Everything at Halle du marché, Place du Marché, 78220 Viroflay" in page

    response = client.post(reverse("checkout:index"), point_data(town))

    checkout = Checkout.objects.get()
    assert response.url == reverse("payments:pay", kwargs={"token": checkout.tracking_token})
    orders = list(checkout.orders.all())
    assert {order.fulfilment for order in orders} == {Fulfilment.PICKUP_POINT}
    assert {order.pickup_point for order in orders} == {town["point"]}
    assert len({order.pickup_code for order in orders}) == 1

    client.get(response.url)  # the card page asks Stripe for the payment intent
    payment = Payment.objects.get()
    assert pay_in_browser(stripe_stub, payment.intent_id, "pm_card_visa") == "succeeded"
    track = client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}), follow=True)
    page = track.content.decode()
    assert {order.status for order in checkout.orders.all()} == {Status.PLACED}
    assert "Halle du marché, Place du Marché" in page and "you collect everything in one go" in page


def test_the_point_is_paid_by_card_and_a_refusal_keeps_what_was_typed(client, town, stripe_stub):
    fill_basket(client, town["bread"], town["comte"])

    response = client.post(reverse("checkout:index"), point_data(town, payment="pickup"))

    page = response.content.decode()
    assert response.status_code == 200 and "A pickup point is paid by card online" in page
    assert 'value="Camille"' in page and f'value="{slot(17)}" selected' in page
    assert not Checkout.objects.exists()


def test_choosing_the_point_needs_one_of_its_times(client, town, stripe_stub):
    fill_basket(client, town["bread"], town["comte"])
    response = client.post(reverse("checkout:index"), point_data(town, slot_value=""))
    assert "Choose a pickup time at Halle du marché." in response.content.decode()
    assert not Checkout.objects.exists()


def test_a_full_point_slot_refuses_with_a_message_and_places_nothing(client, town, stripe_stub):
    place_at_point(town)
    place_at_point(town)  # two checkouts fill the factory point's slot
    fill_basket(client, town["bread"], town["comte"])

    response = client.post(reverse("checkout:index"), point_data(town))

    assert response.status_code == 200
    assert "The time chosen at Halle du marché is full" in response.content.decode()
    assert Checkout.objects.count() == 2


def test_no_point_unless_every_shop_opted_in_and_card_is_set_up(client, town, stripe_stub, settings):
    florist = ShopFactory(name="Fleurs de Jouy")
    fill_basket(client, town["bread"], town["comte"], ProductFactory(shop=florist))
    assert "Collect everything in one place?" not in client.get(reverse("checkout:index")).content.decode()

    other = Client()
    fill_basket(other, town["bread"], town["comte"])
    settings.STRIPE_SECRET_KEY = ""
    assert "Collect everything in one place?" not in other.get(reverse("checkout:index")).content.decode()


def test_the_point_is_not_a_shop_of_the_directory(client, town):
    page = client.get(reverse("shops:directory")).content.decode()
    assert "Fournil du Marché" in page
    assert "Halle du marché" not in page


# --- The shops: drop-off deadline on the board, and the drop.


def test_the_board_shows_the_drop_off_deadline_and_the_drop_button(town):
    merchant = make_merchant(town["baker"])
    order = place_at_point(town).orders.get(shop=town["baker"])
    services.order_accept(order=order)

    board = logged_in(merchant).get(reverse("dashboard:order-board")).content.decode()
    assert "Drop at Halle du marché by 16:00" in board and "Dropped at the pickup point" in board
    preparation = logged_in(merchant).get(reverse("dashboard:order-preparation")).content.decode()
    assert "Drop at Halle du marché by 16:00" in preparation

    response = logged_in(merchant).post(
        reverse("dashboard:order-action", kwargs={"number": order.number, "action": "dropped"})
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.DROPPED


def test_a_merchant_cannot_drop_another_shops_order(town):
    intruder = make_merchant(town["cheese"])
    order = place_at_point(town).orders.get(shop=town["baker"])
    services.order_accept(order=order)
    response = logged_in(intruder).post(
        reverse("dashboard:order-action", kwargs={"number": order.number, "action": "dropped"})
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED


def test_a_merchant_opts_in_on_my_shop(town):
    shop = ShopFactory(name="Primeur des Arcades")
    merchant = make_merchant(shop)
    page = logged_in(merchant).get(reverse("dashboard:shop-profile")).content.decode()
    assert "Drops orders at the town&#x27;s pickup points" in page

    logged_in(merchant).post(
        reverse("dashboard:shop-profile"), profile_data(shop, **{"profile-drops_at_pickup_points": "on"})
    )

    shop.refresh_from_db()
    assert shop.drops_at_pickup_points


# --- The point's staff.


def arrive(checkout) -> None:
    for order in checkout.orders.all():
        services.order_accept(order=order)
        services.order_mark_dropped(order=order)


def test_staff_see_what_waits_and_which_shops_have_dropped(town):
    staff = make_point_staff(town["point"])
    checkout = place_at_point(town)
    bread_order = checkout.orders.get(shop=town["baker"])
    services.order_accept(order=bread_order)
    services.order_mark_dropped(order=bread_order)

    page = logged_in(staff).get(reverse("dashboard:pickup-point-waiting")).content.decode()

    assert checkout.reference in page and "Camille Martin" in page
    assert "Fournil du Marché" in page and "dropped" in page
    assert "Fromagerie Rieussec" in page and "not yet (due by 16:00)" in page
    assert "Check the code and hand everything over" not in page  # not everything is there
    # What the staff never see: prices, items, the resident's email and phone, the code.
    assert "Comté" not in page and "camille@example.com" not in page and bread_order.pickup_code not in page


def test_the_waiting_list_reads_the_same_queries_for_one_or_many_checkouts(town):
    staff = make_point_staff(town["point"])
    client = logged_in(staff)
    place_at_point(town)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("dashboard:pickup-point-waiting"))
    place_at_point(town)
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("dashboard:pickup-point-waiting"))
    assert len(two) == len(one)


def test_the_tracking_page_reads_the_same_queries_for_two_or_three_shops_at_the_point(client, town):
    two = place_at_point(town)
    grocer = ShopFactory(name="Épicerie du Parc", drops_at_pickup_points=True)
    basket = placing.basket_with(town["bread"], town["comte"], ProductFactory(shop=grocer, stock=10))
    choices = {shop.pk: placing.at_point(town["point"]) for shop in (town["baker"], town["cheese"], grocer)}
    three = checkout_place(basket=basket, choices=choices, contact=placing.CONTACT, user=None)
    with CaptureQueriesContext(connection) as for_two:
        client.get(reverse("order:track", kwargs={"token": two.tracking_token}))
    with CaptureQueriesContext(connection) as for_three:
        page = client.get(reverse("order:track", kwargs={"token": three.tracking_token}))
    assert page.content.decode().count(town["point"].name) >= 3
    assert len(for_three) == len(for_two)


def test_staff_hand_everything_over_with_the_code(town, smtp_inbox):
    staff = make_point_staff(town["point"])
    checkout = place_at_point(town)
    arrive(checkout)
    code = checkout.orders.first().pickup_code
    client = logged_in(staff)
    url = reverse("dashboard:pickup-point-hand-over", kwargs={"reference": checkout.reference})

    wrong = client.post(url, {"code": "AAA-AAA"})
    assert wrong.status_code == 200
    page = wrong.content.decode()
    assert "This code does not match the order: nothing was changed." in page and 'value="AAA-AAA"' in page
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.DROPPED}

    right = client.post(url, {"code": f"{code[:3]}-{code[3:]}"}, follow=True)

    assert "Code correct: everything for" in right.content.decode()
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.COLLECTED}
    assert checkout.reference not in client.get(reverse("dashboard:pickup-point-waiting")).content.decode()


@pytest.fixture
def other_point(db):
    return PickupPointFactory(name="Accueil de la mairie", street="2 place de la Mairie")


def test_staff_of_another_point_see_nothing_of_it_and_get_404(town, other_point):
    checkout = place_at_point(town)
    arrive(checkout)
    stranger = make_point_staff(other_point)
    client = logged_in(stranger)

    assert checkout.reference not in client.get(reverse("dashboard:pickup-point-waiting")).content.decode()
    url = reverse("dashboard:pickup-point-hand-over", kwargs={"reference": checkout.reference})
    assert client.post(url, {"code": checkout.orders.first().pickup_code}).status_code == 404
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.DROPPED}


def test_merchants_and_residents_get_403_on_the_point_pages(town):
    checkout = place_at_point(town)
    urls = [
        reverse("dashboard:pickup-point-waiting"),
        reverse("dashboard:pickup-point-hand-over", kwargs={"reference": checkout.reference}),
    ]
    merchant = make_merchant(town["baker"])
    resident = UserFactory(email="camille@example.com")
    for user in (merchant, resident):
        client = logged_in(user)
        assert [client.get(url).status_code for url in urls] == [403, 403]
    assert Client().get(urls[0]).status_code == 302  # to the login page


def test_staff_cannot_reach_the_shops_pages(town):
    staff = make_point_staff(town["point"])
    order = place_at_point(town).orders.first()
    client = logged_in(staff)
    assert client.get(reverse("dashboard:order-board")).status_code == 403
    assert client.get(reverse("dashboard:order-handle", kwargs={"number": order.number})).status_code == 403
    assert client.get(reverse("dashboard:shop-profile")).status_code == 403


def test_the_town_hall_holds_the_permission_but_sees_no_point_menu(town):
    mayor = UserFactory(email="mairie@example.com", is_staff=True)
    mayor.groups.add(ensure_town_hall_group())
    assert mayor.has_perm("partner.pickup_point_access")
    page = logged_in(mayor).get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:pickup-point-waiting") not in page
    staff = make_point_staff(town["point"])
    assert reverse("dashboard:pickup-point-waiting") in logged_in(staff).get(
        reverse("dashboard:pickup-point-waiting")
    ).content.decode()
    assert Permission.objects.filter(codename="pickup_point_access").exists()


@pytest.mark.french
def test_the_choice_and_the_staff_page_speak_french_first(client, town, stripe_stub):
    fill_basket(client, town["bread"], town["comte"])
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Tout retirer au même endroit ?" in page and "Tout à Halle du marché" in page
    staff = make_point_staff(town["point"])
    assert "En attente au point de retrait" in logged_in(staff).get(
        reverse("dashboard:pickup-point-waiting")
    ).content.decode()


def test_the_town_hall_manages_pickup_points_apart_from_the_shops_in_the_admin(town):
    mayor = UserFactory(email="mairie@example.com", is_staff=True)
    mayor.groups.add(ensure_town_hall_group())
    client = logged_in(mayor)
    desk_staff = UserFactory(email="accueil@example.com")

    page = client.get(reverse("admin:partner_pickuppoint_changelist")).content.decode()
    assert "Halle du marché" in page and "Fournil du Marché" not in page

    response = client.post(
        reverse("admin:partner_pickuppoint_add"),
        {
            "name": "Accueil de la mairie",
            "street": "2 place de la Mairie",
            "postcode": "78220",
            "city": "Viroflay",
            "phone": "",
            "closed_message": "",
            "preparation_minutes": "120",
            "slot_minutes": "30",
            "slot_capacity": "4",
            "users": [str(desk_staff.pk)],
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-INITIAL_FORMS": "0",
            "opening_hours-0-weekday": "2",
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "12:00",
            "closures-TOTAL_FORMS": "0",
            "closures-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    desk = Partner.objects.get(name="Accueil de la mairie")
    assert desk.is_pickup_point and not desk.offers_click_collect
    assert desk.opening_hours.get().weekday == 2
    assert desk.users.get() == desk_staff and desk_staff.has_perm("partner.pickup_point_access")


def test_the_town_hall_reviews_and_counts_shops_not_pickup_points(town):
    queue = shop_applications(approval=None)
    assert town["baker"] in queue and town["point"] not in queue
    assert shop_approval_counts()["approved"] == 2  # the two shops, not the hall
    period = Period.last_days(30, today=dt.date(2026, 11, 24))
    names = [row["name"] for row in overview(period)["shops"]]
    assert "Fournil du Marché" in names and "Halle du marché" not in names


def test_a_point_slot_that_is_not_offered_is_refused_in_words(client, town, stripe_stub):
    fill_basket(client, town["bread"], town["comte"])

    response = client.post(reverse("checkout:index"), point_data(town, slot_value=slot(17, 10)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "This time is no longer available: please choose another." in page
    assert "Select a valid choice" not in page
    assert not Checkout.objects.exists()


def test_a_point_that_is_not_offered_is_refused_with_a_message(client, town, stripe_stub):
    fill_basket(client, town["bread"], town["comte"])
    data = {**point_data(town), "point-where": "999999"}

    response = client.post(reverse("checkout:index"), data)

    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    assert not Checkout.objects.exists()
