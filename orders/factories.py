"""Factories for orders: one shop's order, placed through Oscar's own order creator."""

from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory, ShippingAddressFactory, create_order

from orders.models import Status
from shops.factories import ProductFactory, UserFactory
from shops.models import Partner
from shops.strategy import Selector

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
User = UserFactory._meta.model


def create_shop_order(
    *,
    shop: Partner,
    products: list[Product] | None = None,
    quantity: int = 1,
    user: User | None = None,
) -> Order:
    """An order of `shop` (Order.shop set), for a resident, with a shipping address.

    `products` default to one new product of the shop; each is bought `quantity` times.
    """
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products or [ProductFactory(shop=shop)]:
        basket.add_product(product, quantity)
    address = ShippingAddressFactory(
        country=CountryFactory(iso_3166_1_a2="FR", printable_name="France"),
        first_name="Camille",
        last_name="Martin",
        line1="2 avenue du Général Leclerc",
        line4="Viroflay",
        postcode="78220",
        phone_number="+33123456789",
    )
    order = create_order(
        basket=basket, user=user or UserFactory(), shipping_address=address, shop=shop, status=Status.PLACED
    )
    order.refresh_from_db()  # Oscar's number generator hands an int to a CharField: read it back as stored.
    return order
