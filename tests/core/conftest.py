"""Fixtures shared by the page cache's tests (test_pagecache.py, test_holes.py)."""

from decimal import Decimal

import pytest

from shops.factories import ProductFactory, ShopFactory


@pytest.fixture
def comte():
    """A cheese sold for click & collect by a shop of the storefront."""
    shop = ShopFactory(name="Fromagerie Mère Colette", offers_click_collect=True)
    return ProductFactory(title="Comté 18 mois", shop=shop, price=Decimal("4.90"), stock=10)
