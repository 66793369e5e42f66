"""Two shops with a merchant, a product and an order each, a town hall member and a plain staff user."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from orders.factories import create_shop_order
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Product = get_model("catalogue", "Product")
User = get_user_model()


@dataclass
class ShopWorld:
    shop: Partner
    merchant: User
    product: Product
    order: Order
    note: OrderNote

    def client(self) -> Client:
        client = Client()
        client.force_login(self.merchant)
        return client


def build_shop_world(name: str) -> ShopWorld:
    shop = ShopFactory(name=f"Shop {name}")
    product = ProductFactory(shop=shop, title=f"Product of shop {name}")
    order = create_shop_order(shop=shop, products=[product])
    note = order.notes.create(message=f"Note of shop {name}", note_type=OrderNote.INFO)
    return ShopWorld(
        shop=shop,
        merchant=make_merchant(shop, email=f"merchant-{name.lower()}@example.com"),
        product=product,
        order=order,
        note=note,
    )


@pytest.fixture
def shop_a(db) -> ShopWorld:
    return build_shop_world("A")


@pytest.fixture
def shop_b(db) -> ShopWorld:
    return build_shop_world("B")


@pytest.fixture
def town_hall_client(db) -> Client:
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plain_staff_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory(email="staff@example.com", is_staff=True))
    return client
