"""Ordering for a person not online: the corner or a relative orders, the person is told their way."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accompaniment.factories import make_manager
from checkout.behalf import RepeatOrder, behalf_order_place, phone_normalise
from checkout.models import BehalfCheckout, OfflineResident, Relative
from orders import services
from orders.models import Fulfilment, Order, OutboxMessage
from orders.placement import FulfilmentChoice
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import ProductDetails

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


def slot_value(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cheese(db):
    shop = ShopFactory(name="Fromagerie Mère Colette", phone="01 39 24 00 00", offers_delivery=True)
    return {
        "shop": shop,
        "merchant": make_merchant(shop),
        "comte": ProductFactory(shop=shop, title="Comté 18 mois", price="6.50", stock=10),
        "brie": ProductFactory(shop=shop, title="Brie de Meaux", price="4.20", stock=10),
    }


@pytest.fixture
def senior(db):
    return OfflineResident.objects.create(
        first_name="Germaine",
        last_name="Lefèvre",
        phone="+33130245510",  # a landline
        preferred_contact=OfflineResident.Contact.VOICE,
        line1="12 rue Rieussec",
        postcode="78220",
        city="Viroflay",
    )


def order_data(cheese, **extra) -> dict:
    return {
        "product_0": cheese["comte"].pk,
        "quantity_0": 2,
        "fulfilment": Fulfilment.PICKUP,
        "slot": slot_value(FOUR_PM),
        **extra,
    }


def test_an_agent_orders_by_phone_and_the_senior_hears_the_ready_message(
    db, cheese, settings, capsys, django_capture_on_commit_callbacks
):
    """Issue #16's "done when": the corner records a landline-only senior, orders for her, and once
    the shop marks the order ready the console voice backend reads her the message."""
    settings.VOICE_BACKEND = "orders.voice.ConsoleVoiceBackend"
    agent = logged_in(make_manager())
    response = agent.post(
        reverse("dashboard:behalf-person-create"),
        {
            "first_name": "Germaine",
            "last_name": "Lefèvre",
            "phone": "01 30 24 55 10",
            "preferred_contact": "voice",
            "line1": "12 rue Rieussec",
            "postcode": "78220",
            "city": "Viroflay",
        },
    )
    senior = OfflineResident.objects.get()
    assert response.url == reverse("dashboard:behalf-person", kwargs={"person_pk": senior.pk})
    assert senior.phone == "+33130245510"
    page = agent.get(response.url).content.decode()
    assert "Order at Fromagerie Mère Colette" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post(
            reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese["shop"].pk}),
            order_data(cheese),
        )
    order = Order.objects.get()
    summary_url = reverse(
        "dashboard:behalf-summary", kwargs={"person_pk": senior.pk, "reference": order.checkout.reference}
    )
    assert response.url == summary_url
    assert order.checkout.customer_name == "Germaine Lefèvre" and order.checkout.phone == "+33130245510"
    assert order.checkout.voice_calls and not order.checkout.sms_opt_in
    assert order.lines.get().quantity == 2

    # The printable summary: what, where, when, the code, and how she is told; printed on its own.
    summary = agent.get(summary_url).content.decode()
    assert "Comté 18 mois" in summary and order.pickup_code in summary
    assert "A voice call to 01 30 24 55 10 reads them each message." in summary
    assert "checkout/behalf.css" in summary and "data-print" in summary

    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_accept(order=order)
        services.order_mark_ready(order=order)
    printed = capsys.readouterr().out
    call = next(line for line in printed.splitlines() if line.startswith("APPEL VOCAL to +33130245510: "))
    assert "Fromagerie Mère Colette" in call
    voice = OutboxMessage.objects.get(channel=OutboxMessage.Channel.VOICE, order=order)
    assert voice.state == OutboxMessage.State.SENT and voice.recipient == "+33130245510"
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.SMS).exists()


def test_a_second_identical_order_the_same_day_asks_first(db, cheese, senior):
    agent = logged_in(make_manager())
    url = reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese["shop"].pk})
    agent.post(url, order_data(cheese))
    assert Order.objects.count() == 1

    warned = agent.post(url, order_data(cheese))
    assert warned.status_code == 200 and Order.objects.count() == 1
    html = warned.content.decode()
    assert "The same order was already placed for them today" in html
    assert 'name="repeat_confirmed" value="True"' in html or 'name="repeat_confirmed" value="on"' in html
    assert "Comté 18 mois" in html  # what was typed is kept

    # Other lines are another order: no question asked.
    agent.post(url, order_data(cheese, quantity_0=3))
    assert Order.objects.count() == 2

    # Confirmed, the repeat is placed.
    agent.post(url, order_data(cheese, repeat_confirmed="on"))
    assert Order.objects.count() == 3


def test_the_guard_compares_person_shop_lines_and_day(db, cheese, senior):
    manager = make_manager()
    pickup = FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=FOUR_PM)
    place = dict(resident=senior, shop=cheese["shop"], choice=pickup, placed_by=manager)
    first = behalf_order_place(items=[(cheese["comte"], 1), (cheese["brie"], 2)], **place)
    with pytest.raises(RepeatOrder) as caught:  # the same lines in another order are the same order
        behalf_order_place(items=[(cheese["brie"], 2), (cheese["comte"], 1)], **place)
    assert caught.value.order == first
    assert BehalfCheckout.objects.count() == 1
    # Someone else's identical order is theirs.
    other = OfflineResident.objects.create(
        first_name="Paul",
        last_name="Roux",
        phone="+33612345678",
        preferred_contact="sms",
        line1="1 place de la Mairie",
        postcode="78220",
        city="Viroflay",
    )
    behalf_order_place(items=[(cheese["comte"], 1), (cheese["brie"], 2)], **{**place, "resident": other})
    # Cancelled, it no longer counts; the next day neither.
    services.order_cancel(order=first, reason="Plus de comté", actor=None)
    behalf_order_place(items=[(cheese["comte"], 1), (cheese["brie"], 2)], **place)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        tomorrow = FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=FOUR_PM + dt.timedelta(days=1))
        behalf_order_place(items=[(cheese["comte"], 1), (cheese["brie"], 2)], **{**place, "choice": tomorrow})
    assert Order.objects.filter(checkout__behalf__resident=senior).count() == 3


def test_delivered_to_the_persons_address(db, cheese, senior):
    agent = logged_in(make_manager())
    url = reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese["shop"].pk})
    from orders.placement import shop_slots

    window = shop_slots(cheese["shop"], now=NOW, fulfilment=Fulfilment.DELIVERY)[0]
    response = agent.post(
        url,
        order_data(cheese, fulfilment=Fulfilment.DELIVERY, slot="", delivery_slot=slot_value(window.start)),
    )
    assert response.status_code == 302, response.content.decode()
    order = Order.objects.get()
    assert order.fulfilment == Fulfilment.DELIVERY
    assert order.shipping_address.line1 == "12 rue Rieussec" and order.shipping_address.postcode == "78220"


def test_bad_records_and_orders_are_refused_with_what_was_typed(db, cheese, senior):
    agent = logged_in(make_manager())
    record = {
        "first_name": "Jean",
        "last_name": "Petit",
        "phone": "01 30 24 55 11",
        "preferred_contact": "sms",
        "line1": "3 rue de la Gare",
        "postcode": "78220",
        "city": "Viroflay",
    }
    html = agent.post(reverse("dashboard:behalf-person-create"), record).content.decode()
    assert "A text message cannot reach a landline" in html and 'value="3 rue de la Gare"' in html
    html = agent.post(
        reverse("dashboard:behalf-person-create"), {**record, "phone": "pas de téléphone"}
    ).content.decode()
    assert "Enter a French phone number" in html
    assert OfflineResident.objects.count() == 1

    url = reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese["shop"].pk})
    html = agent.post(url, order_data(cheese, slot="")).content.decode()
    assert "Choose a pickup time." in html
    html = agent.post(url, order_data(cheese, quantity_0=50)).content.decode()
    assert "Only 10 left" in html
    assert not Order.objects.exists() and not BehalfCheckout.objects.exists()
    assert agent.get(reverse("dashboard:behalf-person", kwargs={"person_pk": 99999})).status_code == 404


def test_a_relative_orders_only_for_the_person_who_agreed(db, cheese, senior):
    daughter = UserFactory(email="claire@example.com")
    stranger = logged_in(UserFactory(email="other@example.com"))
    agent = logged_in(make_manager())
    person_url = reverse("dashboard:behalf-person", kwargs={"person_pk": senior.pk})
    html = agent.post(person_url, {"email": "nobody@example.com", "consent": "au téléphone"}).content.decode()
    assert "No resident account has this email" in html
    agent.post(person_url, {"email": "claire@example.com", "consent": "au téléphone, 3 décembre"})
    link = Relative.objects.get()
    assert link.user == daughter and link.consent == "au téléphone, 3 décembre"

    relative = logged_in(daughter)
    profile = relative.get(reverse("customer:profile-view")).content.decode()
    assert reverse("checkout:behalf-people") in profile  # where a relative finds it
    assert "Germaine Lefèvre" in relative.get(reverse("checkout:behalf-people")).content.decode()
    order_url = reverse(
        "checkout:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese["shop"].pk}
    )
    response = relative.post(order_url, order_data(cheese))
    order = Order.objects.get()
    assert response.url == reverse(
        "checkout:behalf-summary", kwargs={"person_pk": senior.pk, "reference": order.checkout.reference}
    )
    assert order.checkout.behalf.placed_by == daughter and order.checkout.email == "claire@example.com"
    assert "Comté 18 mois" in relative.get(response.url).content.decode()

    # Nobody else reaches her, and the weekly forms and her record are the corner's.
    assert stranger.get(order_url).status_code == 404
    assert stranger.get(response.url).status_code == 404
    assert "Germaine" not in stranger.get(reverse("checkout:behalf-people")).content.decode()
    assert Client().get(order_url).status_code == 302  # to the login
    assert relative.get(person_url).status_code in (302, 403)

    # She withdraws her consent: the relative can no longer order.
    agent.post(
        reverse("dashboard:behalf-relative-remove", kwargs={"person_pk": senior.pk, "relative_pk": link.pk})
    )
    assert relative.get(order_url).status_code == 404


def test_only_the_corner_keeps_the_records(db, cheese, senior):
    people_url = reverse("dashboard:behalf-people")
    assert logged_in(make_manager()).get(people_url).status_code == 200
    for user in (make_merchant(ShopFactory()), UserFactory()):
        assert logged_in(user).get(people_url).status_code in (302, 403)
    pdf_url = reverse("dashboard:behalf-order-form-pdf", kwargs={"shop_pk": cheese["shop"].pk})
    assert logged_in(cheese["merchant"]).get(pdf_url).status_code in (302, 403)


@pytest.mark.french
def test_the_weekly_order_form_of_a_shop_is_a_pdf_with_products_prices_and_times(db, cheese):
    agent = logged_in(make_manager())
    response = agent.get(
        reverse("dashboard:behalf-order-form-pdf", kwargs={"shop_pk": cheese["shop"].pk}),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Fromagerie Mère Colette" in text
    assert "Comté 18 mois" in text and "6,50 €" in text and "Brie de Meaux" in text
    assert "Mardi 24 novembre" in text  # today's remaining pickup times
    assert "Livré chez vous" in text  # the shop delivers: its delivery times too
    assert "Bon de commande" in text


def test_phone_numbers_are_kept_in_one_form():
    assert phone_normalise("01 30 24 55 10") == "+33130245510"
    assert phone_normalise("06.12.34.56.78") == "+33612345678"
    assert phone_normalise("+33 6 12 34 56 78") == "+33612345678"


@pytest.mark.french
def test_the_summary_says_about_how_much_of_a_weighed_item_and_an_estimated_total(db, cheese, senior):
    """Read out to a senior: « environ 300 g » and « env. 9,60 € », not « 3 » and an exact price."""
    entrecote = ProductFactory(shop=cheese["shop"], title="Entrecôte", price="32.00", stock=100)
    ProductDetails.objects.create(product=entrecote, unit=ProductDetails.Unit.KG)
    agent = logged_in(make_manager())
    url = reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese["shop"].pk})

    response = agent.post(url, order_data(cheese, product_0=entrecote.pk, quantity_0=3))

    summary = re.sub(r"\s+", " ", agent.get(response.url).content.decode())
    assert "<td>Entrecôte</td><td>environ 300 g</td><td>env. 9,60 €</td>" in summary
    assert "Total à payer</th><td>env. 9,60 €</td>" in summary
