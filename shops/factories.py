"""Factories for shops, merchants and products: every test builds its data the same way."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from oscar.core.loading import get_model

from core.roles import merchant_permission
from shops.models import Closure, OpeningHours, Partner, ShopCategory

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

DEFAULT_PASSWORD = "marketplace"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    username = factory.LazyAttribute(lambda u: u.email[:150])
    first_name = "Camille"
    last_name = "Martin"
    password = factory.django.Password(DEFAULT_PASSWORD)


class ShopCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.LazyAttribute(lambda c: slugify(c.name))


class ShopFactory(factory.django.DjangoModelFactory):
    """An approved shop open Monday to Saturday, 8:00–13:00 and 15:00–19:30."""

    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Boutique {n}")
    category = factory.SubFactory(ShopCategoryFactory)
    street = "1 rue de la Paix"
    postcode = "78220"
    city = "Viroflay"
    phone = "01 23 45 67 89"
    approval = Partner.Approval.APPROVED
    delivery_postcodes = "78220, 78140"

    @factory.post_generation
    def hours(shop, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        ranges = extracted or [(dt.time(8), dt.time(13)), (dt.time(15), dt.time(19, 30))]
        for weekday in range(6):
            for opens, closes in ranges:
                OpeningHours.objects.create(shop=shop, weekday=weekday, opens=opens, closes=closes)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    shop = factory.SubFactory(ShopFactory)
    start_date = factory.LazyFunction(dt.date.today)
    end_date = factory.LazyAttribute(lambda c: c.start_date)
    reason = "Inventaire"


def make_merchant(shop: Partner, email: str | None = None) -> User:
    """A user who runs `shop`: linked through Partner.users, with dashboard access."""
    user = UserFactory(email=email or f"{shop.code}@example.com")
    user.user_permissions.add(merchant_permission())
    shop.users.add(user)
    return user


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("name",)

    name = "Produit"
    track_stock = True
    requires_shipping = False


class ProductFactory(factory.django.DjangoModelFactory):
    """A product sold by one shop, with its stock record (pass `shop`, `price`, `stock`)."""

    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Produit {n}")
    product_class = factory.SubFactory(ProductClassFactory)
    structure = Product.STANDALONE
    is_public = True

    shop = factory.SubFactory(ShopFactory)
    price = Decimal("4.50")
    stock = 20

    @classmethod
    def _create(cls, model_class, *args, shop, price, stock, **kwargs):
        product = super()._create(model_class, *args, **kwargs)
        StockRecord.objects.create(
            product=product,
            partner=shop,
            partner_sku=f"SKU-{product.pk}",
            price=price,
            price_currency="EUR",
            num_in_stock=stock,
        )
        return product


def shop_application_data(*, category_name: str = "Bakery") -> dict:
    """What a baker types into the public application form (shops:apply), valid as it stands."""
    return {
        "name": "Boulangerie Dupain",
        "category": ShopCategoryFactory(name=category_name).pk,
        "description": "Sourdough bread baked on site.",
        "street": "3 rue Jean Rey",
        "postcode": "78220",
        "city": "Viroflay",
        "phone": "01 30 24 00 00",
        "email": "",
        "website": "",
        "offers_click_collect": "on",
        "siret": "732 829 320 00074",
        "contact_name": "Paul Dupain",
        "contact_email": "paul@dupain.fr",
        "consent": "on",
    }
