"""The checkout page and the tracking page, through the views as a resident uses them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from orders import services
from orders.models import Checkout, Order, SlotBooking, Status
from shops.factories import ProductFactory, ShopFactory, UserFactory
from shops.strategy import Selector

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning
CONTACT = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille@example.com",
    "phone": "06 12 34 56 78",
}


def slot(hour: int, minute: int = 0) -> str:
    return dt.datetime(2026, 11, 24, hour, minute, tzinfo=PARIS).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def town(db):
    baker = ShopFactory(name="Fournil du Marché")
    cheese = ShopFactory(name="Fromagerie Rieussec")
    florist = ShopFactory(name="Fleurs de Jouy", offers_delivery=True)
    return {
        "baker": (baker, ProductFactory(shop=baker, title="Baguette tradition", price="1.30", stock=10)),
        "cheese": (cheese, ProductFactory(shop=cheese, title="Comté 18 mois", price="4.90", stock=3)),
        "florist": (florist, ProductFactory(shop=florist, title="Bouquet de saison", price="25.00", stock=5)),
    }


def add_to_basket(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def form_data(town, **overrides) -> dict:
    baker, cheese, florist = (town[k][0] for k in ("baker", "cheese", "florist"))
    data = {
        **CONTACT,
        f"shop-{baker.pk}-method": "pickup",
        f"shop-{baker.pk}-slot": slot(16),
        f"shop-{cheese.pk}-method": "pickup",
        f"shop-{cheese.pk}-slot": slot(17, 30),
        f"shop-{florist.pk}-method": "delivery",
        f"shop-{florist.pk}-window": slot(15),
        f"shop-{florist.pk}-address": "12 rue Rieussec",
        f"shop-{florist.pk}-postcode": "78220",
        f"shop-{florist.pk}-city": "Viroflay",
    }
    data.update(overrides)
    return data


def fill_basket(client, town):
    add_to_basket(client, town["baker"][1], 2)
    add_to_basket(client, town["cheese"][1])
    add_to_basket(client, town["florist"][1])


def test_a_resident_orders_from_three_shops_and_gets_two_pickup_codes_and_a_delivery_code(client, town):
    fill_basket(client, town)
    page = client.get(reverse("checkout:index"))
    assert page.status_code == 200
    for name in ("Fournil du Marché", "Fromagerie Rieussec", "Fleurs de Jouy"):
        assert name in page.content.decode()

    response = client.post(reverse("checkout:index"), form_data(town), follow=True)

    checkout = Checkout.objects.get()
    assert response.redirect_chain[-1][0] == reverse("order:track", kwargs={"token": checkout.tracking_token})
    html = response.content.decode()
    assert "Thank you, your order is placed" in html
    orders = list(checkout.orders.order_by("number"))
    assert len(orders) == 3 and all(order.status == Status.PLACED for order in orders)
    codes = [order.pickup_code for order in orders if order.pickup_code]
    assert len(codes) == 3
    for code in codes:
        assert f"{code[:3]}-{code[3:]}" in html
    assert html.count("<svg") >= 3  # a QR code per code
    assert html.count("show it at the counter") == 2
    assert html.count("give it to the person who delivers your order") == 1
    assert "12 rue Rieussec" in html
    assert checkout.first_name == "Camille" and checkout.phone == "06 12 34 56 78"


def test_a_signed_in_resident_finds_their_details_prefilled(client, town):
    resident = UserFactory(email="resident@example.com", first_name="Jeanne", last_name="Durand")
    client.force_login(resident)
    add_to_basket(client, town["baker"][1])
    html = client.get(reverse("checkout:index")).content.decode()
    assert 'value="resident@example.com"' in html and 'value="Jeanne"' in html


@pytest.mark.french
def test_the_email_field_says_what_is_sent_there(client, town):
    """The confirmation carries no code, the ready message does (« vos codes de retrait » promised more)."""
    add_to_basket(client, town["baker"][1])
    html = client.get(reverse("checkout:index")).content.decode()
    assert "Pour la confirmation, puis le message « commande prête » avec son code de retrait." in html


def test_an_empty_basket_cannot_check_out(client, db):
    response = client.get(reverse("checkout:index"), follow=True)
    assert "Your basket is empty" in response.content.decode()


CHEESE_TIME_GONE = (
    "The pickup time you chose at Fromagerie Rieussec is no longer available: please choose another."
)
FLORIST_TIME_GONE = (
    "The delivery time you chose at Fleurs de Jouy is no longer available: please choose another."
)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("cheese-slot", slot(16, 10), CHEESE_TIME_GONE),  # tampered: not an offered time
        ("cheese-slot", slot(14), CHEESE_TIME_GONE),  # lunch break
        ("cheese-slot", slot(8, 30), CHEESE_TIME_GONE),  # in the past
        ("cheese-slot", slot(9, 30), CHEESE_TIME_GONE),  # within the hour the shop needs to prepare
        ("cheese-slot", "not-a-date", CHEESE_TIME_GONE),
        ("cheese-slot", f"{slot(16)}@999", CHEESE_TIME_GONE),  # a market the cheesemonger has no stall at
        ("cheese-slot", "", "Choose a pickup time at Fromagerie Rieussec"),
        ("cheese-method", "delivery", "Select a valid choice"),  # the cheesemonger does not deliver
        ("florist-postcode", "7822", "A French postcode has five digits"),
        ("florist-address", "", "This field is required for delivery"),
        ("florist-window", "", "Choose a delivery time at Fleurs de Jouy"),
        ("florist-window", slot(16), FLORIST_TIME_GONE),  # off the two-hour grid
        ("florist-postcode", "75001", "Fleurs de Jouy does not deliver to 75001"),
        ("email", "camille@", "Enter a valid email address"),
        ("phone", "abc", "Enter a phone number"),
    ],
)
def test_bad_choices_get_a_clear_message_keep_the_input_and_place_nothing(
    client, town, field, value, message
):
    fill_basket(client, town)
    shop_key, _, name = field.rpartition("-")
    key = f"shop-{town[shop_key][0].pk}-{name}" if shop_key else field
    response = client.post(reverse("checkout:index"), form_data(town, **{key: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Camille"' in html  # what was typed stays
    assert "12 rue Rieussec" in html or key.endswith("address")
    if name in ("slot", "window") and value:
        # One error, in the resident's time: not Django's own with the UTC value, nor "choose a time".
        assert "is not one of the available choices" not in html
        assert "Choose a pickup time at" not in html and "Choose a delivery time at" not in html
    assert Order.objects.count() == 0 and Checkout.objects.count() == 0


def test_another_shops_slot_is_refused(client, town):
    # The florist opens later on Tuesdays: 17:30 is offered by the cheesemonger, not by the florist.
    florist = town["florist"][0]
    florist.opening_hours.filter(weekday=1, opens=dt.time(15)).update(closes=dt.time(17))
    fill_basket(client, town)
    data = form_data(town, **{f"shop-{florist.pk}-method": "pickup", f"shop-{florist.pk}-slot": slot(17, 30)})
    response = client.post(reverse("checkout:index"), data)
    html = response.content.decode()
    assert (
        "The pickup time you chose at Fleurs de Jouy is no longer available: please choose another." in html
    )
    assert "Select a valid choice" not in html and "Choose a pickup time" not in html
    assert Order.objects.count() == 0


def test_a_slot_past_its_cut_off_while_the_resident_was_typing_is_refused_with_other_times(client, town):
    baker = town["baker"][0]
    type(baker).objects.filter(pk=baker.pk).update(preparation_minutes=10)
    fill_basket(client, town)
    with time_machine.travel(dt.datetime(2026, 11, 24, 14, 50, tzinfo=PARIS), tick=False):
        page = client.get(reverse("checkout:index")).content.decode()
    assert f'value="{slot(15)}"' in page  # offered when the page was shown
    data = form_data(
        town, **{f"shop-{baker.pk}-slot": slot(15), f"shop-{town['florist'][0].pk}-window": slot(17)}
    )
    with time_machine.travel(dt.datetime(2026, 11, 24, 15, 31, tzinfo=PARIS), tick=False):
        response = client.post(reverse("checkout:index"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "The pickup time you chose at Fournil du Marché is no longer available: please choose another."
        in html
    )
    assert "Select a valid choice" not in html and "Choose a pickup time" not in html
    assert f'value="{slot(15)}"' not in html and f'value="{slot(15, 30)}"' not in html
    assert "16:00 – 16:30" in html  # the times still possible are offered right there
    assert 'value="Camille"' in html and 'value="12 rue Rieussec"' in html
    assert Order.objects.count() == 0 and Checkout.objects.count() == 0


def test_a_slot_filled_while_the_resident_was_typing_is_refused_with_other_times(client, town):
    baker = town["baker"][0]
    fill_basket(client, town)
    client.get(reverse("checkout:index"))
    SlotBooking.objects.create(shop=baker, start=dt.datetime(2026, 11, 24, 16, tzinfo=PARIS), booked=4)
    response = client.post(reverse("checkout:index"), form_data(town))
    html = response.content.decode()
    assert "full" in html and "Fournil du Marché" in html
    assert "16:30 – 17:00" in html  # other times are offered right there
    assert Order.objects.count() == 0


def slot_option(html: str, field: str, value: str) -> str:
    """The <option> of `value` in the select named `field`, as rendered."""
    select = re.search(rf'<select name="{field}".*?</select>', html, re.S).group(0)
    return re.search(rf'<option value="{value}"[^>]*>[^<]*</option>', select).group(0)


def test_a_full_slot_is_shown_full_and_cannot_be_chosen(client, town):
    baker = town["baker"][0]
    SlotBooking.objects.create(shop=baker, start=dt.datetime(2026, 11, 24, 16, tzinfo=PARIS), booked=4)
    fill_basket(client, town)
    html = client.get(reverse("checkout:index")).content.decode()
    full = slot_option(html, f"shop-{baker.pk}-slot", slot(16))
    assert "disabled" in full and "16:00 – 16:30 (full)" in full
    free = slot_option(html, f"shop-{baker.pk}-slot", slot(16, 30))
    assert "disabled" not in free and "(full)" not in free
    # Capacity is the shop's: the cheesemonger's 16:00 is still free.
    assert "disabled" not in slot_option(html, f"shop-{town['cheese'][0].pk}-slot", slot(16))


def test_quantity_above_stock_is_refused_naming_the_item(client, town):
    cheese, comte = town["cheese"]
    fill_basket(client, town)
    comte.stockrecords.update(num_allocated=3)  # sold out meanwhile
    response = client.post(reverse("checkout:index"), form_data(town))
    assert "“Comté 18 mois” is no longer in stock" in response.content.decode()
    assert Order.objects.count() == 0


@pytest.mark.parametrize("added", [-2, -7])  # down to zero, and below
def test_a_basket_line_left_at_no_quantity_is_refused_naming_the_item(client, town, added):
    bread = town["baker"][1]
    fill_basket(client, town)  # two loaves
    # Oscar's Basket.add_product with a negative quantity keeps the line, at 0 at least.
    basket = bread.basket_lines.get().basket
    basket.strategy = Selector().strategy()
    basket.add_product(bread, quantity=added)
    assert bread.basket_lines.get().quantity == 0
    response = client.post(reverse("checkout:index"), form_data(town))
    html = response.content.decode()
    assert response.status_code == 200
    assert "“Baguette tradition” has no quantity: please set one in your basket, or remove it." in html
    assert 'value="Camille"' in html and 'value="12 rue Rieussec"' in html
    assert Order.objects.count() == 0 and Checkout.objects.count() == 0
    assert not town["cheese"][1].stockrecords.get().num_allocated


@pytest.mark.parametrize("quantity", [0, -1])
def test_adding_no_or_a_negative_quantity_to_the_basket_is_refused(client, town, quantity):
    bread = town["baker"][1]
    response = client.post(
        reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": quantity}, follow=True
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    response = client.get(reverse("checkout:index"), follow=True)
    assert "Your basket is empty" in response.content.decode()
    assert Order.objects.count() == 0


def test_a_delivery_below_the_shops_minimum_is_refused_by_the_checkout_keeping_the_input(client, town):
    florist = town["florist"][0]
    type(florist).objects.filter(pk=florist.pk).update(delivery_minimum=30)
    fill_basket(client, town)  # a 25.00 bouquet
    response = client.post(reverse("checkout:index"), form_data(town))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fleurs de Jouy delivers orders from €30.00: add a little more or choose pickup." in html
    assert 'value="Camille"' in html and 'value="12 rue Rieussec"' in html
    assert Order.objects.count() == 0 and Checkout.objects.count() == 0
    assert not town["baker"][1].stockrecords.get().num_allocated


def test_a_shop_suspended_during_checkout_is_refused(client, town):
    florist = town["florist"][0]
    fill_basket(client, town)
    type(florist).objects.filter(pk=florist.pk).update(approval="suspended")
    response = client.post(reverse("checkout:index"), form_data(town))
    assert "Fleurs de Jouy is not selling on the marketplace" in response.content.decode()
    assert Order.objects.count() == 0


def test_the_confirmation_shows_each_shops_pickup_address_and_each_orders_total(client, town):
    shops = type(town["baker"][0]).objects
    shops.filter(pk=town["baker"][0].pk).update(street="3 place du Marché")
    shops.filter(pk=town["cheese"][0].pk).update(street="18 rue Rieussec")
    shops.filter(pk=town["florist"][0].pk).update(street="40 avenue de Versailles", delivery_fee="3.50")
    fill_basket(client, town)
    response = client.post(reverse("checkout:index"), form_data(town), follow=True)
    assert "Thank you, your order is placed" in response.content.decode()
    page = BeautifulSoup(response.content, "html.parser")
    facts = {
        article.find("h2").get_text(strip=True): {
            dt_.get_text(strip=True): dt_.find_next_sibling("dd").get_text(" ", strip=True)
            for dt_ in article.select(".track-order__facts dt")
        }
        for article in page.select("article.track-order")
    }
    assert facts["Fournil du Marché"]["Where"] == "3 place du Marché, 78220 Viroflay"
    assert facts["Fournil du Marché"]["Total"] == "€2.60"  # two loaves
    assert facts["Fromagerie Rieussec"]["Where"] == "18 rue Rieussec, 78220 Viroflay"
    assert facts["Fromagerie Rieussec"]["Total"] == "€4.90"
    # Delivered: the resident's address, not the shop's, and the total with the delivery fee.
    assert facts["Fleurs de Jouy"]["Delivery to"] == "12 rue Rieussec, 78220 Viroflay"
    assert facts["Fleurs de Jouy"]["Total"] == "€28.50"
    assert "40 avenue de Versailles" not in response.content.decode()


def test_tracking_needs_the_unguessable_token(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    assert client.get(reverse("order:track", kwargs={"token": checkout.reference})).status_code == 404
    other_client = client.__class__()
    response = other_client.get(reverse("order:track", kwargs={"token": checkout.tracking_token}))
    assert response.status_code == 200 and "Fournil du Marché" in response.content.decode()


def test_the_resident_cancels_one_shops_order_until_it_is_accepted(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    baker_order, cheese_order = (checkout.orders.get(shop=town[key][0]) for key in ("baker", "cheese"))
    cheese_order.set_status(Status.ACCEPTED)

    url = "order:resident-cancel"
    confirmed = {"confirm": "1"}  # the confirmation page's form: the tracking page only links to it
    client.post(
        reverse(url, kwargs={"token": checkout.tracking_token, "number": baker_order.number}), confirmed
    )
    response = client.post(
        reverse(url, kwargs={"token": checkout.tracking_token, "number": cheese_order.number}),
        confirmed,
        follow=True,
    )

    baker_order.refresh_from_db()
    cheese_order.refresh_from_db()
    assert baker_order.status == Status.CANCELLED and baker_order.cancellation_reason
    assert cheese_order.status == Status.ACCEPTED
    assert "already accepted" in response.content.decode()
    assert town["baker"][1].stockrecords.get().num_allocated == 0
    assert re.search(r"Cancelled", response.content.decode())


def test_reorder_puts_a_past_checkout_back_in_the_basket_in_one_click(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    town["florist"][1].stockrecords.update(num_in_stock=0, num_allocated=0)  # sold out since

    response = client.post(reverse("order:reorder", kwargs={"token": checkout.tracking_token}), follow=True)

    html = response.content.decode()
    assert "back in your basket" in html and "No longer available, not added: Bouquet de saison" in html
    page = client.get(reverse("checkout:index")).content.decode()
    assert "2 × Baguette tradition" in page and "1 × Comté 18 mois" in page and "Bouquet" not in page


def test_a_signed_in_resident_finds_the_tracking_page_from_their_order_history(client, town):
    resident = UserFactory(email="resident@example.com", first_name="Jeanne", last_name="Durand")
    client.force_login(resident)
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    order = Order.objects.get(shop=town["baker"][0])
    assert order.user == resident

    html = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()

    assert reverse("order:track", kwargs={"token": order.checkout.tracking_token}) in html


def test_the_tracking_page_shows_each_shops_history(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    baker_order = checkout.orders.get(shop=town["baker"][0])
    services.order_accept(order=baker_order)
    services.order_mark_ready(order=baker_order)

    html = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()

    history = html[html.index("Fournil du Marché") : html.index("Fromagerie Rieussec")]
    assert history.index("Order placed") < history.index("Accepted") < history.rindex("Ready for pickup")


def test_no_pickup_code_is_shown_before_the_card_payment_went_through(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    checkout.orders.update(status=Status.PENDING_PAYMENT)
    html = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()
    assert all(
        order.pickup_code not in html.replace("-", "") for order in checkout.orders.exclude(pickup_code="")
    )


def test_a_resident_can_ask_for_text_messages_at_checkout(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), {**form_data(town), "sms_opt_in": "on"})
    assert Checkout.objects.get().sms_opt_in


def test_the_tracking_fragment_shows_each_shops_new_state_without_a_reload(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    page = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()
    status_url = reverse("order:track-status", kwargs={"token": checkout.tracking_token})
    assert f'data-status-url="{status_url}"' in page and "orders/js/track.js" in page  # the page polls it
    guest = client.__class__()  # a guest with the link only: the token is enough

    before = guest.get(status_url).content.decode()
    services.order_accept(order=checkout.orders.get(shop=town["baker"][0]))
    after = guest.get(status_url).content.decode()

    assert before.count(">Placed<") == 3 and "Accepted" not in before
    assert after.count(">Placed<") == 2 and after.count(">Accepted<") == 1
    assert "<html" not in after and "Fournil du Marché" in after


def test_the_tracking_fragment_stops_the_polling_once_every_order_has_ended(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    for order in checkout.orders.all():
        services.order_cancel(order=order, reason="Fermé", actor=None)

    fragment = client.get(reverse("order:track-status", kwargs={"token": checkout.tracking_token}))

    assert fragment.status_code == 200 and "data-status-url" not in fragment.content.decode()


def test_the_tracking_fragment_needs_the_checkouts_own_token(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    checkout = Checkout.objects.get()
    neighbour = Checkout.objects.create(email="voisin@example.com")

    for token in (checkout.reference, "not-a-token"):
        assert client.get(reverse("order:track-status", kwargs={"token": token})).status_code == 404
    theirs = client.get(reverse("order:track-status", kwargs={"token": neighbour.tracking_token}))
    assert theirs.status_code == 200 and "Fournil du Marché" not in theirs.content.decode()
