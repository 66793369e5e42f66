"""`make run` without Redis: tasks run in-process, emails go to the console, the code works at the counter."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from orders.models import Status
from orders.placement import Contact, FulfilmentChoice, checkout_place
from shops.factories import ProductFactory, ShopFactory, make_merchant

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")


def test_the_resident_reads_the_ready_email_on_the_console_and_its_code_is_accepted(
    client, db, settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_RELAY_BACKEND = "django.core.mail.backends.console.EmailBackend"  # make run's default
    shop = ShopFactory(name="Fournil du Marché")
    merchant = make_merchant(shop, email="boulanger@example.com")
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS), tick=False):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(ProductFactory(shop=shop, title="Baguette tradition"), 2)
        with django_capture_on_commit_callbacks(execute=True):
            order = checkout_place(
                basket=basket,
                choices={shop.pk: FulfilmentChoice(slot_start=dt.datetime(2026, 11, 24, 16, tzinfo=PARIS))},
                contact=Contact(email="camille@example.com", first_name="Camille"),
                user=None,
            ).orders.get()
        client.force_login(merchant)
        for step in ("accept", "ready"):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(reverse("dashboard:order-action", args=[order.number, step]))

        console = capsys.readouterr().out
        [ready] = [part for part in console.split("-" * 79) if "is ready at Fournil du Marché" in part]
        assert "To: camille@example.com" in ready
        code = re.search(r"Your pickup code: (\w{3}-\w{3})", ready).group(1)

        handed_over = client.post(
            reverse("dashboard:order-action", args=[order.number, "collect"]),
            {"code": code, "paid_by": "pickup-cash"},
            follow=True,
        )
    order.refresh_from_db()
    assert "Code correct" in handed_over.content.decode() and order.status == Status.COLLECTED
