"""Order statuses and the order menu read in French wherever Oscar's pages show them."""

import re

import pytest
from django.urls import reverse

from orders import services
from orders.factories import create_shop_order
from orders.models import Order, Status
from shops.factories import ShopFactory, UserFactory, make_merchant

pytestmark = [pytest.mark.django_db, pytest.mark.french]


@pytest.fixture
def order() -> Order:
    return create_shop_order(shop=ShopFactory(), user=UserFactory(email="camille@example.com"))


def text_of(response) -> str:
    """What a reader sees: the page's text, tags and comments removed."""
    html = re.sub(r"<!--.*?-->|<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_resident_reads_their_orders_status_in_french(client, order):
    client.force_login(order.user)

    page = text_of(client.get(reverse("customer:order", kwargs={"order_number": order.number})))
    history = text_of(client.get(reverse("customer:order-list")))

    assert "État Enregistrée" in page
    assert "Placed" not in page and "Placed" not in history


def test_the_merchant_reads_statuses_in_french_in_the_order_list_and_its_filter(client, order):
    waiting = create_shop_order(shop=order.shop)
    Order.objects.filter(pk=waiting.pk).update(status=Status.PENDING_PAYMENT)
    client.force_login(make_merchant(order.shop))

    response = client.get(reverse("dashboard:order-list"))
    html, text = response.content.decode(), text_of(response)

    assert "Enregistrée" in text and "En attente de paiement" in text
    assert "Placed" not in text and "Pending payment" not in text
    # The filter still sends the stored value, under its French label.
    assert '<option value="Pending payment">En attente de paiement</option>' in html
    filtered = client.get(reverse("dashboard:order-list"), {"status": Status.PENDING_PAYMENT})
    assert [o.number for o in filtered.context["orders"]] == [waiting.number]


def test_the_dashboard_menu_heads_orders_with_commandes(client, order):
    client.force_login(make_merchant(order.shop))

    html = client.get(reverse("dashboard:order-list")).content.decode()

    heading = re.search(r'<i class="fas fa-shopping-cart"[^>]*></i>\s*([^<]+?)\s*<', html)
    assert heading.group(1) == "Commandes"


def test_the_merchant_reads_the_status_history_in_french_on_oscars_order_page(client, order):
    services.order_accept(order=order)
    client.force_login(make_merchant(order.shop))

    page = text_of(client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})))

    assert "Enregistrée Acceptée" in page
    assert "Placed" not in page and "Accepted" not in page
