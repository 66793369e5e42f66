"""A merchant's products: the writes of the quick-add form and the product list, one function each.

Every function takes the merchant's shop and touches only that shop's products (`shop_product`
raises Product.DoesNotExist otherwise), so each entry point (form, list, import) gets the same rule.
Categories are read, never written: a merchant picks among its trade's existing categories
(`trade_categories`), it cannot make a storefront-wide one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.utils import slugify  # Oscar's: French ligatures kept as two letters (OSCAR_SLUG_MAP)

from core.queueing import task_queue
from shops.models import Partner, ProductDetails
from shops.product_details import ALLERGEN_CODES, LABEL_CODES, codes_pack
from shops.tasks import product_thumbnails_make_task

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_CLASS = "Produit"
# Oscar stops counting stock for a product class that does not track it: "always available".
ALWAYS_AVAILABLE_CLASS = "Produit toujours disponible"
SKU_STEM_MAX = 100


@dataclass
class ProductInput:
    """What the quick-add form asks; `stock` None means always available."""

    title: str
    price: Decimal
    stock: int | None
    unit: str = ProductDetails.Unit.PIECE
    category: Category | None = None
    description: str = ""
    allergens: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # ProductDetails' availability fields (weekdays, preparation_hours, daily_cap, preorder_*).
    availability: dict = field(default_factory=dict)
    # Sold by the kg (unit "kg") in pieces of about this weight; None: by weight, in 100 g steps.
    piece_grams: int | None = None


def product_class_for(*, always_available: bool) -> ProductClass:
    """The product class: stock counted, or not counted at all for what is always available."""
    name, track = (ALWAYS_AVAILABLE_CLASS, False) if always_available else (PRODUCT_CLASS, True)
    product_class, _created = ProductClass.objects.get_or_create(
        name=name, defaults={"track_stock": track, "requires_shipping": False}
    )
    return product_class


def trade_categories(*, shop: Partner) -> QuerySet[Category]:
    """The storefront categories of the shop's trade: those under the top category named after it.

    "Boulangerie-pâtisserie > Pains" for a bakery; the top one itself when it has none under it;
    none when the town hall has not made its trade's category yet.
    """
    if shop.category_id is None:
        return Category.objects.none()
    root = Category.objects.filter(depth=1, name=shop.category.name).first()
    if root is None:
        return Category.objects.none()
    below = Category.objects.filter(path__startswith=root.path, depth__gt=root.depth).order_by("name")
    return below if below.exists() else Category.objects.filter(pk=root.pk)


def last_used_category(*, shop: Partner) -> Category | None:
    """The trade category of the shop's latest product: the one a merchant adding products in a row
    (a baker's breads, then its cakes) most likely wants next."""
    latest = (
        ProductCategory.objects.filter(
            product__stockrecords__partner=shop, category__in=trade_categories(shop=shop)
        )
        .select_related("category")
        .order_by("-product__date_created", "-product_id")
        .first()
    )
    return latest.category if latest else None


def sku_generate(*, shop: Partner, title: str) -> str:
    """A reference for the product, unique in the shop, made from its title ("TARTE-AUX-POMMES-2")."""
    stem = (slugify(title)[:SKU_STEM_MAX] or "produit").upper()
    taken = set(
        StockRecord.objects.filter(partner=shop, partner_sku__startswith=stem).values_list(
            "partner_sku", flat=True
        )
    )
    sku, counter = stem, 1
    while sku in taken:
        counter += 1
        sku = f"{stem}-{counter}"
    return sku


def shop_products(*, shop: Partner) -> QuerySet[Product]:
    """The shop's products (those with its stock record), newest first, ready for the product list."""
    return (
        Product.objects.filter(stockrecords__partner=shop)
        .select_related("product_class", "details")
        .prefetch_related("stockrecords", "images")
        .order_by("-date_created", "-pk")
        .distinct()
    )


def shop_product(*, shop: Partner, pk: int) -> Product:
    """One product of the shop; Product.DoesNotExist for any other shop's."""
    return shop_products(shop=shop).get(pk=pk)


@transaction.atomic
def product_quick_create(*, shop: Partner, data: ProductInput, photo: bytes | None) -> Product:
    """Create a product with its stock record, details and photo, all or nothing."""
    product = Product.objects.create(
        title=data.title,
        description=data.description,
        product_class=product_class_for(always_available=data.stock is None),
        structure=Product.STANDALONE,
        is_public=True,
    )
    if data.category is not None:
        ProductCategory.objects.create(product=product, category=data.category)
    StockRecord.objects.create(
        product=product,
        partner=shop,
        partner_sku=sku_generate(shop=shop, title=data.title),
        price=data.price,
        price_currency="EUR",
        num_in_stock=data.stock,
        num_allocated=0,
    )
    ProductDetails.objects.create(product=product, **_details_fields(data))
    if photo is not None:
        product_photo_attach(product=product, photo=photo)
    return product


def _details_fields(data: ProductInput) -> dict:
    return {
        "unit": data.unit,
        "piece_grams": data.piece_grams if data.unit == ProductDetails.Unit.KG else None,
        "allergens": codes_pack(data.allergens, allowed=ALLERGEN_CODES),
        "labels": codes_pack(data.labels, allowed=LABEL_CODES),
        **data.availability,
    }


@transaction.atomic
def product_update(*, shop: Partner, product_pk: int, data: ProductInput, photo: bytes | None) -> Product:
    """Change one of the shop's products from the quick form; a new photo goes first, the old ones stay."""
    product = shop_product(shop=shop, pk=product_pk)
    product.title = data.title
    product.description = data.description
    product.product_class = product_class_for(always_available=data.stock is None)
    product.save()
    if data.category is not None:
        # Only the trade's category is replaced; a category the town hall added stays.
        trade = trade_categories(shop=shop)
        ProductCategory.objects.filter(product=product, category__in=trade).delete()
        ProductCategory.objects.get_or_create(product=product, category=data.category)
    StockRecord.objects.filter(product=product, partner=shop).update(
        price=data.price, num_in_stock=data.stock
    )
    ProductDetails.objects.update_or_create(product=product, defaults=_details_fields(data))
    if photo is not None:
        product.images.update(display_order=models.F("display_order") + 1)
        product_photo_attach(product=product, photo=photo)
    return product


def product_photo_attach(*, product: Product, photo: bytes) -> ProductImage:
    """Attach a prepared photo (shops.photos.photo_prepare) as the product's first picture.

    Thumbnails are made by a task once the transaction commits, not while the merchant waits.
    """
    image = ProductImage(product=product, display_order=0)
    image.original.save(f"{slugify(product.title)[:50] or 'produit'}.jpg", ContentFile(photo), save=False)
    image.save()
    transaction.on_commit(lambda: task_queue(product_thumbnails_make_task, image.pk))
    return image


@transaction.atomic
def product_price_stock_update(
    *, shop: Partner, product_pk: int, price: Decimal | None = None, stock: int | None = None
) -> StockRecord:
    """Change the price or the stock of one of the shop's products (what the list's inline forms post)."""
    product = shop_product(shop=shop, pk=product_pk)
    record = StockRecord.objects.select_for_update().get(product=product, partner=shop)
    if price is not None:
        record.price = price
    if stock is not None:
        record.num_in_stock = stock
        if not product.product_class.track_stock:
            # Typing a stock ends "always available": from now on it is counted.
            product.product_class = product_class_for(always_available=False)
            product.save(update_fields=["product_class"])
    record.save()
    return record


@transaction.atomic
def product_duplicate(*, shop: Partner, product_pk: int) -> Product:
    """A copy of one of the shop's products, hidden until the merchant reviews it, with a new reference."""
    original = shop_product(shop=shop, pk=product_pk)
    record = original.stockrecords.get(partner=shop)
    copy = Product.objects.create(
        title=original.title,
        description=original.description,
        product_class=original.product_class,
        structure=Product.STANDALONE,
        is_public=False,
    )
    ProductCategory.objects.bulk_create(
        ProductCategory(product=copy, category_id=category_id)
        for category_id in original.productcategory_set.values_list("category_id", flat=True)
    )
    StockRecord.objects.create(
        product=copy,
        partner=shop,
        partner_sku=sku_generate(shop=shop, title=original.title),
        price=record.price,
        price_currency=record.price_currency,
        num_in_stock=record.num_in_stock,
        num_allocated=0,
    )
    details = ProductDetails.objects.filter(product=original).first()
    if details is not None:
        details.pk = None
        details.product = copy
        details.hidden_on = None
        details.save()
    for image in original.images.all():
        # Same file: a copy of a product shares its picture until the merchant changes it.
        ProductImage.objects.create(
            product=copy, original=image.original.name, display_order=image.display_order
        )
    return copy


def product_hide_today(*, shop: Partner, product_pk: int, hidden: bool = True) -> ProductDetails:
    """Hide a product from the storefront for the rest of today (sold out at the counter); back tomorrow."""
    product = shop_product(shop=shop, pk=product_pk)
    details, _created = ProductDetails.objects.get_or_create(product=product)
    details.hidden_on = timezone.localdate() if hidden else None
    details.save(update_fields=["hidden_on"])
    return details


def hidden_today_q(today: dt.date | None = None) -> dict:
    """The filter of products hidden today, for the storefront selectors to exclude."""
    return {"details__hidden_on": today or timezone.localdate()}
