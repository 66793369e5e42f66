"""Sold by weight, end to end: a resident orders about 300 g of entrecôte at 32 €/kg, the butcher weighs
320 g when preparing; the total, the ready message, the receipt, the card's capture and the payout
follow the real weight (the Stripe stub records what was authorised and captured)."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from orders import services
from orders.changes import order_slot_change
from orders.models import Checkout, Status
from payments.models import CapturedShare, Payment, Refund, Transfer
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import ProductDetails
from tests.payments.shopping import CONTACT, PARIS, pay_in_browser, slot


@pytest.fixture(autouse=True)
def _no_code_attempts_left_over():
    cache.clear()


@pytest.fixture
def butcher(db):
    shop = ShopFactory(name="Boucherie Gaillard")
    entrecote = ProductFactory(shop=shop, title="Entrecôte", price="32.00", stock=100)
    ProductDetails.objects.create(product=entrecote, unit=ProductDetails.Unit.KG)
    baker = ShopFactory(name="Fournil du Marché")
    bread = ProductFactory(shop=baker, title="Baguette tradition", price="1.30", stock=10)
    return {
        "shop": shop,
        "merchant": make_merchant(shop),
        "entrecote": entrecote,
        "baker": baker,
        "bread": bread,
    }


def order_entrecote(client, butcher, *, payment: str, grams: int = 300, when: str | None = None, bread=False):
    response = client.post(
        reverse("basket:add", kwargs={"pk": butcher["entrecote"].pk}), {"quantity": grams // 100}
    )
    assert response.status_code == 302
    data = {
        **CONTACT,
        f"shop-{butcher['shop'].pk}-method": "pickup",
        f"shop-{butcher['shop'].pk}-slot": when or slot(16),
        "payment-method": payment,
    }
    if bread:
        client.post(reverse("basket:add", kwargs={"pk": butcher["bread"].pk}), {"quantity": 1})
        data |= {f"shop-{butcher['baker'].pk}-method": "pickup", f"shop-{butcher['baker'].pk}-slot": slot(17)}
    return client.post(reverse("checkout:index"), data)


def pay(client, stub, checkout: Checkout) -> Payment:
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    payment = Payment.objects.get()
    assert pay_in_browser(stub, payment.intent_id, "pm_card_visa") == "requires_capture"
    client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    payment.refresh_from_db()
    return payment


def weigh_and_ready(client, merchant, order, grams: str, **kwargs):
    client.force_login(merchant)
    client.post(reverse("dashboard:order-action", args=[order.number, "accept"]))
    line = order.lines.get()
    return client.post(
        reverse("dashboard:order-action", args=[order.number, "ready"]),
        {f"weight-{line.pk}": grams},
        **kwargs,
    )


def text(value: str) -> str:
    return re.sub(r"\s", " ", value)


def test_card_authorises_estimate_plus_tolerance_and_captures_the_real_weight(
    client, butcher, stripe_stub, mailoutbox, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card")
    checkout = Checkout.objects.get()
    order = checkout.orders.get()
    assert order.total_incl_tax == Decimal("9.60")  # the estimate: 300 g at 32 €/kg
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(client, stripe_stub, checkout)
    created = stripe_stub.calls("POST", "/v1/payment_intents")[0]
    assert created["capture_method"] == "manual"
    assert created["amount"] == "1104"  # 345 g (300 g + 15 %) at 32 €/kg
    assert payment.state == Payment.State.AUTHORISED and payment.amount == Decimal("11.04")
    order.refresh_from_db()
    assert order.status == Status.PLACED  # the shop gets it once the card is authorised
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], order, "320")

    order.refresh_from_db()
    assert order.status == Status.READY
    assert order.total_incl_tax == Decimal("10.24")
    captures = stripe_stub.calls("POST", f"/v1/payment_intents/{payment.intent_id}/capture")
    assert captures == [{"amount_to_capture": "1024"}]
    payment.refresh_from_db()
    assert payment.state == Payment.State.SUCCEEDED and payment.amount_captured == Decimal("10.24")
    ready = next(mail for mail in mailoutbox if "ready" in mail.subject)
    assert "Entrecôte: 320 g, €10.24" in ready.body
    assert "Final price, charged to your card: €10.24" in ready.body
    assert "€10.24" in ready.alternatives[0][0]

    # Handed over: the receipt says the weight and price, and the shop is paid out the real amount.
    account = stripe_stub.account_create({"type": "express"})
    butcher["shop"].stripe_account_id = account["id"]
    butcher["shop"].save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboard:order-action", args=[order.number, "collect"]), {"code": order.pickup_code}
        )
    receipt = next(mail for mail in mailoutbox if "receipt" in mail.subject.lower() or "Receipt" in mail.body)
    assert "320 g · Entrecôte (€32.00 / kg) — €10.24" in receipt.body
    assert Transfer.objects.get(order=order).amount == Decimal("10.24")


def test_a_real_weight_outside_the_tolerance_is_refused_with_the_range_and_nothing_changes(
    client, butcher, stripe_stub, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card")
    checkout = Checkout.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(client, stripe_stub, checkout)
    order = checkout.orders.get()

    response = weigh_and_ready(client, butcher["merchant"], order, "400", follow=True)

    page = text(response.content.decode())
    assert "Entrecôte: 400 g is too far from the 300 g ordered" in page
    assert "between 255 g and 345 g" in page
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and order.total_incl_tax == Decimal("9.60")
    assert order.lines.get().weighing.real_grams is None
    assert not stripe_stub.calls("POST", f"/v1/payment_intents/{payment.intent_id}/capture")


def test_marking_ready_without_the_weight_is_refused(client, butcher):
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    client.force_login(butcher["merchant"])
    client.post(reverse("dashboard:order-action", args=[order.number, "accept"]))

    response = client.post(reverse("dashboard:order-action", args=[order.number, "ready"]), follow=True)

    assert "Weigh first: enter the real weight of Entrecôte." in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED


# Words, and digits str.isdigit() takes but int() does not ("²", 5,000 of them: a 500 before).
@pytest.mark.parametrize("typed", ["trois cents", "²", "3" * 5000, "٣٠٠"])
def test_a_weight_that_is_not_a_number_is_refused_in_words(client, butcher, typed):
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()

    response = weigh_and_ready(client, butcher["merchant"], order, typed, follow=True)

    assert response.status_code == 200
    assert f"“{typed}” is not a weight: type it in grams, such as 320." in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED


def test_a_weight_field_with_an_odd_name_is_left_out_not_a_server_error(client, butcher):
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    client.force_login(butcher["merchant"])
    client.post(reverse("dashboard:order-action", args=[order.number, "accept"]))

    response = client.post(
        reverse("dashboard:order-action", args=[order.number, "ready"]), {"weight-²": "300"}, follow=True
    )

    assert response.status_code == 200
    assert "Weigh first: enter the real weight of Entrecôte." in response.content.decode()


def test_a_refused_weight_stays_in_its_field_on_the_board_once(client, butcher):
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    line = order.lines.get()
    field = f'id="weight-{order.number}-{line.pk}" name="weight-{line.pk}"'
    kept = re.compile(re.escape(field) + r'[^>]*value="400"')

    client.force_login(butcher["merchant"])
    client.post(reverse("dashboard:order-action", args=[order.number, "accept"]))
    board = reverse("dashboard:order-board")
    client.post(
        reverse("dashboard:order-action", args=[order.number, "ready"]),
        {f"weight-{line.pk}": "400", "next": board},
    )

    response = client.get(board)
    assert kept.search(response.content.decode())  # kept to correct, not emptied
    again = client.get(board).content.decode()  # only on the page the refusal went back to
    assert field in again and not kept.search(again)


def test_pay_at_pickup_asks_the_real_amount_at_the_counter(
    client, butcher, stripe_stub, mailoutbox, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="pickup")
    checkout = Checkout.objects.get()
    order = checkout.orders.get()
    assert not Payment.objects.exists()
    track = reverse("order:track", kwargs={"token": checkout.tracking_token})
    # Until it is weighed the total is an estimate, and the tracking page says so.
    assert "<dt>Total</dt><dd>about €9.60</dd>" in Client().get(track).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], order, "320")
    assert "<dt>Total</dt><dd>€10.24</dd>" in Client().get(track).content.decode()

    page = text(client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode())
    assert "To be paid at pickup: €10.24" in page
    assert "Entrecôte: 320 g, €10.24" in page
    ready = next(mail for mail in mailoutbox if "ready" in mail.subject)
    assert "Final price, to pay at pickup: €10.24" in ready.body
    assert not stripe_stub.requests

    client.post(
        reverse("dashboard:order-action", args=[order.number, "collect"]),
        {"code": order.pickup_code, "paid_by": "pickup-cash"},
    )
    order.refresh_from_db()
    assert order.status == Status.COLLECTED
    assert order.payment_events.get().amount == Decimal("10.24")


def test_card_for_weighed_items_further_than_six_days_is_refused_and_pay_at_pickup_stays(
    client, butcher, stripe_stub
):
    far = (dt.datetime(2026, 12, 1, 16, 0, tzinfo=PARIS)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")

    response = order_entrecote(client, butcher, payment="card", when=far)

    assert response.status_code == 200
    assert "must be collected by" in text(response.content.decode())
    assert not Checkout.objects.exists() and not stripe_stub.requests

    response = order_entrecote(client, butcher, payment="pickup", when=far)
    assert Checkout.objects.get().orders.get().slot_start.astimezone(PARIS).day == 1


def test_a_multi_shop_checkout_is_captured_once_the_weighed_order_is_weighed(
    client, butcher, stripe_stub, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card", bread=True)
    checkout = Checkout.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(client, stripe_stub, checkout)
    assert payment.amount == Decimal("12.34")  # 11.04 held for the meat, 1.30 for the bread
    bread_order = checkout.orders.get(shop=butcher["baker"])
    meat_order = checkout.orders.get(shop=butcher["shop"])
    capture_path = f"/v1/payment_intents/{payment.intent_id}/capture"

    # The baker's order, handed over before the meat is weighed: nothing charged or paid out yet.
    baker_account = stripe_stub.account_create({"type": "express"})
    butcher["baker"].stripe_account_id = baker_account["id"]
    butcher["baker"].save()
    baker = make_merchant(butcher["baker"])
    client.force_login(baker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboard:order-action", args=[bread_order.number, "accept"]))
        client.post(reverse("dashboard:order-action", args=[bread_order.number, "ready"]))
        client.post(
            reverse("dashboard:order-action", args=[bread_order.number, "collect"]),
            {"code": bread_order.pickup_code},
        )
    assert not stripe_stub.calls("POST", capture_path)
    assert not Transfer.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], meat_order, "280")

    assert stripe_stub.calls("POST", capture_path) == [{"amount_to_capture": "1026"}]  # 8,96 + 1,30
    assert CapturedShare.objects.get(order=meat_order).amount == Decimal("8.96")
    assert Transfer.objects.get(order=bread_order).amount == Decimal("1.30")  # paid out once charged


def test_an_order_cancelled_before_the_capture_is_not_charged_nor_refunded(
    client, butcher, stripe_stub, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card", bread=True)
    checkout = Checkout.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(client, stripe_stub, checkout)
    bread_order = checkout.orders.get(shop=butcher["baker"])
    meat_order = checkout.orders.get(shop=butcher["shop"])
    client.force_login(make_merchant(butcher["baker"]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboard:order-action", args=[bread_order.number, "cancel"]),
            {"reason": "Four en panne"},
        )

    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], meat_order, "300")

    assert stripe_stub.calls("POST", f"/v1/payment_intents/{payment.intent_id}/capture") == [
        {"amount_to_capture": "960"}
    ]
    assert not Refund.objects.exists() and not stripe_stub.calls("POST", "/v1/refunds")


@pytest.mark.french
def test_the_ready_message_and_receipt_say_the_real_price_in_french(
    client, butcher, mailoutbox, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], order, "320")

    ready = next(mail for mail in mailoutbox if "prête" in mail.subject)
    assert "Entrecôte : 320 g, 10,24 €" in text(ready.body)
    assert "Prix final, à payer au retrait : 10,24 €" in text(ready.body)
    page = text(client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode())
    assert "À payer au retrait : 10,24 €" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboard:order-action", args=[order.number, "collect"]),
            {"code": order.pickup_code, "paid_by": "pickup-cash"},
        )
    receipt = mailoutbox[-1]
    assert "320 g · Entrecôte (32,00 € / kg) — 10,24 €" in text(receipt.body)


@pytest.mark.french
def test_before_weighing_the_board_and_the_order_messages_say_the_total_is_about(
    client, butcher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    client.force_login(butcher["merchant"])

    board = text(client.get(reverse("dashboard:order-board")).content.decode())
    placed = next(mail for mail in mailoutbox if mail.to == [CONTACT["email"]])
    new_order = next(mail for mail in mailoutbox if mail.to == [butcher["merchant"].email])

    assert "<span>env. 9,60 €</span>" in board  # the card's total is the estimate
    assert "env. 9,60 €" in text(placed.body)
    assert "env. 9,60 €" in text(new_order.body)

    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], order, "320")
    history = text(client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode())
    assert "10,24 €" in history and "env. 10,24 €" not in history  # weighed: the amount alone


@pytest.mark.french
def test_a_weighed_item_taken_off_the_order_leaves_its_total_exact(
    client, butcher, mailoutbox, django_capture_on_commit_callbacks
):
    sausages = ProductFactory(shop=butcher["shop"], title="Saucisses", price="6.00", stock=10)
    client.post(reverse("basket:add", kwargs={"pk": sausages.pk}), {"quantity": 1})
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    entrecote = order.lines.get(title="Entrecôte")

    with django_capture_on_commit_callbacks(execute=True):
        services.order_line_mark_unavailable(
            order=order, line_id=entrecote.pk, reason="Plus d'entrecôte", actor=butcher["merchant"]
        )

    unavailable = next(mail for mail in mailoutbox if "Nouveau total" in mail.body)
    assert "Nouveau total : 6,00 €" in text(unavailable.body)  # no "env.": nothing left to weigh
    client.force_login(butcher["merchant"])
    board = text(client.get(reverse("dashboard:order-board")).content.decode())
    assert "<span>6,00 €</span>" in board and "env. 6,00 €" not in board


@pytest.mark.french
def test_the_basket_says_about_300_g_and_that_the_final_price_follows_the_weight(client, butcher):
    client.post(reverse("basket:add", kwargs={"pk": butcher["entrecote"].pk}), {"quantity": 3})

    page = text(client.get(reverse("basket:summary")).content.decode())

    assert "environ 300 g — 32,00 € / kg" in page
    assert "env. 9,60 €" in page
    assert "le prix final suit le poids réel" in page
    # Just added, its price unchanged: no warning that it went down from 32,00 € (the price per kg)
    # to 3,20 € (per 100 g), which Oscar gave comparing the two.
    assert "a diminué" not in page and "a augmenté" not in page


def test_stripe_telling_the_card_is_authorised_places_the_orders_and_the_tracking_page_says_so(
    client, butcher, stripe_stub, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card")
    checkout = Checkout.objects.get()
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    assert (
        "your card is authorised for €11.04 at most"
        in client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token})).content.decode()
    )
    payment = Payment.objects.get()
    pay_in_browser(stripe_stub, payment.intent_id, "pm_card_visa")  # the tab closes before coming back
    event = stripe_stub.event(
        "payment_intent.amount_capturable_updated", stripe_stub.intents[payment.intent_id]
    )
    payload = json.dumps(event)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("payments:webhook"),
            payload,
            content_type="application/json",
            headers={"Stripe-Signature": stripe_stub.sign(payload)},
        )

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == Payment.State.AUTHORISED
    assert checkout.orders.get().status == Status.PLACED
    assert not stripe_stub.calls(
        "POST", f"/v1/payment_intents/{payment.intent_id}/capture"
    )  # not weighed yet
    page = text(
        client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()
    )
    assert "Card authorised: charged the real price once weighed" in page
    assert "about 300 g · Entrecôte" in page


def test_the_board_and_preparation_list_say_about_how_much_to_weigh(client, butcher):
    order_entrecote(client, butcher, payment="pickup")
    order_entrecote(client, butcher, payment="pickup", grams=600)
    client.force_login(butcher["merchant"])

    board = text(client.get(reverse("dashboard:order-board")).content.decode())
    preparation = text(client.get(reverse("dashboard:order-preparation")).content.decode())

    assert 'about 300 g · Entrecôte <span class="board-order__weigh">to weigh</span>' in board
    assert "about 600 g · Entrecôte" in board
    assert "<td>Entrecôte</td><td>about 900 g</td>" in preparation


def test_the_ready_step_asks_each_weighed_item_its_weight_on_the_board_and_the_order_page(client, butcher):
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()
    line = order.lines.get()
    client.force_login(butcher["merchant"])
    client.post(reverse("dashboard:order-action", args=[order.number, "accept"]))

    board = client.get(reverse("dashboard:order-board")).content.decode()
    handle = text(client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode())

    field = f'name="weight-{line.pk}" type="text" inputmode="numeric"'
    assert field in board and field in handle
    assert "Real weight of Entrecôte (about 300 g ordered), in grams" in handle
    assert "Entrecôte: about 300 g ordered, weigh between 255 and 345 g" in handle


def test_the_shop_page_says_the_price_is_per_kg(client, butcher):
    page = text(client.get(reverse("shops:detail", kwargs={"slug": butcher["shop"].slug})).content.decode())

    assert "Price per kg, weighed by the shop" in page
    assert "about 300 g — about €9.60" in page


@pytest.mark.french
def test_the_product_page_says_the_price_is_per_kg_beside_it_and_counts_no_grams_in_stock(client, butcher):
    page = text(client.get(butcher["entrecote"].get_absolute_url()).content.decode())

    assert '32,00 € <span class="price-color__unit">le kg</span>' in page  # not "32,00 €" alone
    assert "En stock" in page and "disponible" not in page  # its stock counts 100 g steps
    bread = text(client.get(butcher["bread"].get_absolute_url()).content.decode())
    assert "1,30 €</p>" in bread and "En stock (10 disponible(s))" in bread  # by the piece: as before


def test_a_weighed_checkout_cancelled_whole_releases_the_card_without_charging_it(
    client, butcher, stripe_stub, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card")
    checkout = Checkout.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(client, stripe_stub, checkout)
    order = checkout.orders.get()
    client.force_login(butcher["merchant"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboard:order-action", args=[order.number, "cancel"]), {"reason": "Plus de bœuf"}
        )

    assert stripe_stub.intents[payment.intent_id]["status"] == "canceled"
    assert not stripe_stub.calls("POST", f"/v1/payment_intents/{payment.intent_id}/capture")
    assert not stripe_stub.calls("POST", "/v1/refunds")
    payment.refresh_from_db()
    assert payment.amount_captured == Decimal("0.00")


def test_an_authorisation_stripe_no_longer_holds_is_noted_for_the_counter(
    client, butcher, stripe_stub, django_capture_on_commit_callbacks
):
    order_entrecote(client, butcher, payment="card")
    checkout = Checkout.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment = pay(client, stripe_stub, checkout)
    stripe_stub.intents[payment.intent_id]["status"] = "canceled"  # Stripe drops a hold after 7 days
    order = checkout.orders.get()

    with django_capture_on_commit_callbacks(execute=True):
        weigh_and_ready(client, butcher["merchant"], order, "320")

    order.refresh_from_db()
    assert order.status == Status.READY and order.total_incl_tax == Decimal("10.24")
    payment.refresh_from_db()
    assert payment.state == Payment.State.AUTHORISED and payment.amount_captured is None
    assert order.notes.filter(message__contains="ask the customer to pay at the counter").exists()


def test_the_residents_account_and_the_shops_change_mail_say_how_much_was_ordered_by_weight(
    client, butcher, mailoutbox, django_capture_on_commit_callbacks
):
    resident = UserFactory(email="camille@example.com")
    client.force_login(resident)
    order_entrecote(client, butcher, payment="pickup")
    order = Checkout.objects.get().orders.get()

    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert "<td>about 300 g</td>" in page  # not "3"

    with django_capture_on_commit_callbacks(execute=True):
        order_slot_change(order=order, slot_value=slot(17), actor=resident)
    changed = next(
        mail for mail in mailoutbox if mail.to == [butcher["merchant"].email] and "changed" in mail.body
    )
    assert "about 300 g · Entrecôte" in changed.body
