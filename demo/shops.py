"""Building the demo shops from their specs: categories, pictures, and each batch of shops written in bulk
with its hours, closures, merchants, audit log, products, stock and photos; idempotent refreshes after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.checks import use_productcategory_materialised_view
from oscar.core.loading import get_model

from core.roles import merchant_permission
from demo import images as demo_images
from demo.data import CATEGORIES, CITY, POSTCODE, DeliveryTerms
from demo.specs import ShopSpec
from shops.models import Closure, OpeningHours, Partner, ProductDetails, ShopCategory, ShopEvent

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()


def shop_categories_ensure() -> dict[str, ShopCategory]:
    categories = {}
    for position, data in enumerate(CATEGORIES):
        categories[data.slug], _ = ShopCategory.objects.get_or_create(
            slug=data.slug, defaults={"name": data.name, "icon": data.icon, "position": position}
        )
    return categories


def pictures_ensure(*, specs: Iterable[ShopSpec]) -> None:
    """Draw each picture the specs name that storage does not hold yet (a pool is drawn once)."""
    wanted: dict[str, Callable[[], bytes]] = {}
    for spec in specs:
        colour = spec.category.colour
        label = spec.picture_label
        wanted[spec.logo] = lambda label=label, colour=colour: demo_images.shop_logo(label, colour)
        wanted[spec.photo] = lambda label=label, colour=colour: demo_images.shop_front(label, colour)
        for product in spec.products:
            wanted[product.image] = lambda t=product.image_title, colour=colour: demo_images.product_picture(
                t, colour
            )
    for name, draw in wanted.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(draw()))


@transaction.atomic
def catalogue_categories_ensure(*, specs: Iterable[ShopSpec]) -> dict[str, Category]:
    """Oscar catalogue categories of the specs' products, by breadcrumb ("Fromagerie > Fromages")."""
    breadcrumbs = {item.breadcrumb for spec in specs for item in spec.products}
    return {breadcrumb: create_from_breadcrumbs(breadcrumb) for breadcrumb in sorted(breadcrumbs)}


def delivery_fields(terms: DeliveryTerms | None) -> dict[str, object]:
    """The Partner fields of `terms`; none for a shop that does not deliver (the model's defaults)."""
    if terms is None:
        return {}
    return {
        "delivery_postcodes": terms.postcodes,
        "delivery_fee": terms.fee,
        "delivery_free_from": terms.free_from,
        "delivery_minimum": terms.minimum,
        "delivery_window_minutes": terms.window_minutes,
        "delivery_capacity": terms.capacity,
    }


def shops_build(
    specs: Sequence[ShopSpec],
    *,
    categories: dict[str, ShopCategory],
    catalogue: dict[str, Category],
    product_class: ProductClass,
    town_hall: User,
    password_hash: str,
) -> int:
    """Create the shops of `specs` with hours, merchant, products, stock and pictures; return products made.

    Everything is inserted in bulk: a few queries per table for the whole batch.
    """
    now = timezone.now()
    today = timezone.localdate()
    shops = Partner.objects.bulk_create(
        [
            Partner(
                name=spec.name,
                code=spec.code,
                category=categories[spec.category.slug],
                description=spec.description,
                street=spec.street,
                postcode=POSTCODE,
                city=CITY,
                phone=spec.phone,
                email=spec.email,
                website=spec.website,
                siret=spec.siret,
                contact_name=f"{spec.contact_first_name} {spec.contact_last_name}",
                logo=spec.logo,
                photo=spec.photo,
                approval=spec.approval,
                approval_reason=spec.approval_reason,
                approval_changed_at=now if spec.approval != Partner.Approval.PENDING else None,
                temporarily_closed=bool(spec.closed_message),
                closed_message=spec.closed_message,
                offers_click_collect=spec.click_collect,
                offers_delivery=spec.delivery is not None,
                **delivery_fields(spec.delivery),
                offers_call_collect=spec.call_collect,
                preparation_minutes=spec.preparation_minutes,
                slot_minutes=spec.slot_minutes,
                slot_capacity=spec.slot_capacity,
            )
            for spec in specs
        ]
    )
    pairs = list(zip(specs, shops, strict=True))
    OpeningHours.objects.bulk_create(
        OpeningHours(shop=shop, weekday=weekday, opens=opens, closes=closes)
        for spec, shop in pairs
        for weekday, ranges in spec.hours.items()
        for opens, closes in ranges
    )
    Closure.objects.bulk_create(
        Closure(shop=shop, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=2),
                reason=spec.closure)
        for spec, shop in pairs
        if spec.closure
    )  # fmt: skip

    # Merchants: one account per shop, reused when it already exists.
    existing = User.objects.in_bulk([spec.email for spec in specs], field_name="username")
    User.objects.bulk_create(
        User(username=spec.email, email=spec.email, first_name=spec.contact_first_name,
             last_name=spec.contact_last_name, password=password_hash)
        for spec in specs
        if spec.email not in existing
    )  # fmt: skip
    merchants = User.objects.in_bulk([spec.email for spec in specs], field_name="username")
    Partner.users.through.objects.bulk_create(
        Partner.users.through(partner=shop, user=merchants[spec.email]) for spec, shop in pairs
    )
    permission = merchant_permission()
    User.user_permissions.through.objects.bulk_create(
        [User.user_permissions.through(user=user, permission=permission) for user in merchants.values()],
        ignore_conflicts=True,
    )
    actors = {"applied": None, "approved": town_hall, "suspended": town_hall}
    ShopEvent.objects.bulk_create(
        ShopEvent(shop=shop, action=action, actor=actors[action] or merchants[spec.email],
                  reason=spec.approval_reason if action == "suspended" else "")
        for spec, shop in pairs
        for action in spec.events
    )  # fmt: skip

    # Products, then the rows that point at them.
    made = [(spec, shop, item) for spec, shop in pairs for item in spec.products]
    products = Product.objects.bulk_create(
        (
            Product(
                title=item.title,
                slug=slugify(item.title),
                description=f"{item.title}. Vendu par {spec.name}, {spec.street}, {CITY}.",
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            for spec, _shop, item in made
        ),
        batch_size=1000,
    )
    rows = list(zip(made, products, strict=True))
    ProductCategory.objects.bulk_create(
        (
            ProductCategory(product=product, category=catalogue[item.breadcrumb])
            for (_, _, item), product in rows
        ),
        batch_size=1000,
    )
    StockRecord.objects.bulk_create(
        (
            StockRecord(product=product, partner=shop, partner_sku=f"{shop.code[:100]}-{index:04d}",
                        price=item.price, price_currency="EUR", num_in_stock=item.stock, num_allocated=0,
                        low_stock_threshold=3)
            for index, ((_, shop, item), product) in enumerate(rows, start=1)
        ),
        batch_size=1000,
    )  # fmt: skip
    ProductDetails.objects.bulk_create(
        (
            ProductDetails(product=product, unit=ProductDetails.Unit.KG, piece_grams=item.piece_grams)
            for (_, _, item), product in rows
            if item.sold_by_weight
        ),
        batch_size=1000,
    )
    ProductImage.objects.bulk_create(
        (
            ProductImage(product=product, original=item.image, caption=item.title, display_order=0)
            for (_, _, item), product in rows
        ),
        batch_size=1000,
    )
    return len(products)


def closures_refresh(*, specs: Iterable[ShopSpec]) -> None:
    """Keep the demo's exceptional closures around today, so `make run` shows a closed shop any day."""
    today = timezone.localdate()
    for spec in specs:
        if spec.closure:
            Closure.objects.filter(shop__code=spec.code, reason=spec.closure, end_date__lt=today).update(
                start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=2)
            )


def delivery_zones_refresh(*, specs: Iterable[ShopSpec]) -> None:
    """Give delivering demo shops seeded before they had terms a zone; a zone the merchant set is kept."""
    for spec in specs:
        if spec.delivery is not None:
            Partner.objects.filter(code=spec.code, offers_delivery=True, delivery_postcodes="").update(
                **delivery_fields(spec.delivery)
            )


def materialised_view_refresh() -> None:
    # Bulk inserts skip Oscar's ProductCategory signal that refreshes this view on PostgreSQL.
    if use_productcategory_materialised_view():
        with connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY catalogue_product_category_hierarchy;")
