"""The dashboard's home: a merchant is led to today's orders first, with Oscar's figures below."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orders.factories import create_shop_order
from orders.models import Order, Status
from shops.factories import ShopFactory, UserFactory, make_merchant

pytestmark = pytest.mark.django_db


def order_at(shop, start: dt.datetime) -> Order:
    order = create_shop_order(shop=shop)
    Order.objects.filter(pk=order.pk).update(
        status=Status.PLACED, slot_start=start, slot_end=start + dt.timedelta(minutes=30)
    )
    return order


def test_a_merchant_starts_from_todays_orders(client: Client):
    shop = ShopFactory()
    now = timezone.now()
    order_at(shop, now)
    for days in (1, 2):
        order_at(shop, now + dt.timedelta(days=days))
    order_at(ShopFactory(), now)  # another shop's
    client.force_login(make_merchant(shop))

    html = client.get(reverse("dashboard:index")).content.decode()

    board = reverse("dashboard:order-board")
    assert f'href="{board}">1 order to prepare today</a>' in html
    assert f'href="{board}?when=upcoming">2 for the coming days</a>' in html
    assert reverse("dashboard:shop-guide") in html


def test_the_town_hall_gets_oscars_home_as_it_is(client: Client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(reverse("dashboard:index")).content.decode()

    assert "to prepare today" not in html
