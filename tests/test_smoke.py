import pytest

from shops.factories import ProductFactory, ShopFactory, make_merchant


@pytest.mark.django_db
def test_factories_build_a_merchant_with_a_stocked_product():
    shop = ShopFactory()
    merchant = make_merchant(shop)
    product = ProductFactory(shop=shop, stock=5)
    assert product.stockrecords.get().partner == shop
    assert merchant.has_perm("partner.dashboard_access")
