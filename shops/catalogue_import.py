"""Catalogue import from a spreadsheet: plan a merchant's sheet against their shop, then apply the plan.

The sheet has one row per product, keyed by the merchant's reference: a row whose reference the shop
already uses updates that product (price, stock, on sale or not, and what else it fills in) instead
of adding a second one. The preview is `shop_plan`: the shop's products and categories read as plain
values, then `import_plan` (shops.import_planning) says what every row will do, and nothing is
written until the merchant confirms. `catalogue_import`, at the end, is the one write: the plan made
again against the shop as it is then, in one transaction.

Reading the file and the template are shops.import_sheet; photos, from a zip or by URL, are
shops.import_photos. Categories are never created here: a row names one of the shop's trade
categories (made by the town hall) or is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Prefetch
from oscar.core.loading import get_model
from oscar.core.utils import slugify  # Oscar's: French ligatures kept as two letters (OSCAR_SLUG_MAP)

from core.html import sanitize_html
from core.signals import products_imported
from shops.import_photos import PhotoFetcher, photos_gather, zip_photo_names
from shops.import_planning import Existing, RowPlan, import_plan
from shops.import_sheet import fold
from shops.models import Partner, ProductDetails
from shops.photo_fetch import photo_fetch
from shops.product_details import ALLERGEN_CODES, LABEL_CODES, codes_pack
from shops.products import (
    ALWAYS_AVAILABLE_CLASS,
    PRODUCT_CLASS,
    product_class_for,
    product_photo_attach,
    trade_categories,
)

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")


# --- Reading the shop


def shop_existing(*, shop: Partner) -> dict[str, Existing]:
    """The shop's products by reference, as plain values, in one query."""
    records = StockRecord.objects.filter(partner=shop).select_related(
        "product__product_class", "product__details"
    )
    return {
        record.partner_sku: Existing(
            product_id=record.product_id,
            title=record.product.title,
            price=record.price,
            stock=record.num_in_stock if record.product.product_class.track_stock else None,
            available=record.product.is_public,
            piece_grams=getattr(getattr(record.product, "details", None), "piece_grams", None),
        )
        for record in records
    }


def shop_category_names(*, shop: Partner) -> dict[str, int]:
    """The shop's trade categories by folded name and folded full path."""
    names = {}
    for category in trade_categories(shop=shop):
        names.setdefault(fold(category.name), category.pk)
        names[fold(category.full_name)] = category.pk
    return names


def shop_plan(
    *, shop: Partner, table: list[tuple[int, dict[str, str]]], zip_names: set[str] = frozenset()
) -> list[RowPlan]:
    return import_plan(
        table=table,
        existing=shop_existing(shop=shop),
        categories=shop_category_names(shop=shop),
        zip_names=set(zip_names),
    )


# --- Applying


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    refused: int = 0
    photos_failed: list[int] = field(default_factory=list)  # row numbers whose photo could not be used


def catalogue_import(
    *,
    shop: Partner,
    table: list[tuple[int, dict[str, str]]],
    zip_content: bytes | None = None,
    fetch: PhotoFetcher | None = None,
) -> ImportResult:
    """Apply the sheet to `shop`: create the new products, update those it names by reference.

    Photos are fetched first (network, outside the transaction); then, the shop locked, the plan is
    made again against the shop as it is now (a reference taken since the preview becomes an update,
    not a duplicate) and every write happens in one transaction. Refused rows are left out, as the
    preview said.
    """
    zip_names = zip_photo_names(zip_content) if zip_content else set()
    draft = shop_plan(shop=shop, table=table, zip_names=zip_names)
    ready, failed = photos_gather(plans=draft, zip_content=zip_content, fetch=fetch or photo_fetch)
    with transaction.atomic():
        Partner.objects.select_for_update().filter(pk=shop.pk).first()
        plans = shop_plan(shop=shop, table=table, zip_names=zip_names)
        result = ImportResult(photos_failed=failed)
        creates = [plan for plan in plans if plan.action == "create"]
        updates = [plan for plan in plans if plan.action == "update"]
        result.refused = sum(plan.action == "refuse" for plan in plans)
        _create(shop=shop, plans=creates, photos_ready=ready)
        _update(shop=shop, plans=updates, photos_ready=ready)
        result.created, result.updated = len(creates), len(updates)
    return result


def _references_fill(*, shop: Partner, plans: list[RowPlan]) -> None:
    """Give each new row without a reference one made from its name, unique in the shop."""
    used = set(StockRecord.objects.filter(partner=shop).values_list("partner_sku", flat=True))
    used |= {plan.reference for plan in plans if plan.reference}
    for plan in plans:
        if plan.reference:
            continue
        stem = (slugify(plan.values["title"])[:100] or "produit").upper()
        reference, counter = stem, 1
        while reference in used:
            counter += 1
            reference = f"{stem}-{counter}"
        used.add(reference)
        plan.reference = reference


def _create(*, shop: Partner, plans: list[RowPlan], photos_ready: dict[int, bytes]) -> None:
    if not plans:
        return
    _references_fill(shop=shop, plans=plans)
    classes = {
        True: product_class_for(always_available=False),
        False: product_class_for(always_available=True),
    }
    products = Product.objects.bulk_create(
        Product(
            title=plan.values["title"],
            slug=slugify(plan.values["title"])[:255] or "produit",
            description=sanitize_html(plan.values.get("description", "")),  # bulk_create skips Product.save
            product_class=classes[plan.values["stock"] is not None],
            structure=Product.STANDALONE,
            is_public=plan.values.get("available", True),
        )
        for plan in plans
    )
    pairs = list(zip(plans, products, strict=True))
    ProductCategory.objects.bulk_create(
        ProductCategory(product=product, category_id=plan.values["category"])
        for plan, product in pairs
        if "category" in plan.values
    )
    StockRecord.objects.bulk_create(
        StockRecord(
            product=product,
            partner=shop,
            partner_sku=plan.reference,
            price=plan.values["price"],
            price_currency="EUR",
            num_in_stock=plan.values["stock"],
            num_allocated=0,
        )
        for plan, product in pairs
    )
    ProductDetails.objects.bulk_create(
        ProductDetails(product=product, **_details_values(plan.values)) for plan, product in pairs
    )
    for plan, product in pairs:
        if plan.row in photos_ready:
            product_photo_attach(product=product, photo=photos_ready[plan.row])
    products_imported.send(sender=Partner, product_ids=[product.pk for product in products])


def _details_values(values: dict) -> dict:
    details = {}
    if "unit" in values:
        details["unit"] = values["unit"]
    if "piece_grams" in values:
        details["piece_grams"] = values["piece_grams"]
    if "allergens" in values:
        details["allergens"] = codes_pack(values["allergens"], allowed=ALLERGEN_CODES)
    if "labels" in values:
        details["labels"] = codes_pack(values["labels"], allowed=LABEL_CODES)
    return details


def _update(*, shop: Partner, plans: list[RowPlan], photos_ready: dict[int, bytes]) -> None:
    if not plans:
        return
    records = {
        record.partner_sku: record
        for record in StockRecord.objects.filter(partner=shop, partner_sku__in=[p.reference for p in plans])
        .select_for_update()
        .prefetch_related(Prefetch("product", queryset=Product.objects.select_related("product_class")))
    }
    classes = {name: ProductClass.objects.get(name=name) for name in (PRODUCT_CLASS, ALWAYS_AVAILABLE_CLASS)
               if ProductClass.objects.filter(name=name).exists()}  # fmt: skip
    changed_records, changed_products = [], []
    for plan in plans:
        record = records[plan.reference]
        product, values = record.product, plan.values
        if "price" in values:
            record.price = values["price"]
        if "stock" in values:
            record.num_in_stock = values["stock"]
            product.product_class = classes.get(
                PRODUCT_CLASS if values["stock"] is not None else ALWAYS_AVAILABLE_CLASS
            ) or product_class_for(always_available=values["stock"] is None)
        if "available" in values:
            product.is_public = values["available"]
        if "title" in values:
            product.title = values["title"]
        if "description" in values:
            product.description = sanitize_html(values["description"])
        changed_records.append(record)
        changed_products.append(product)
        if "category" in values:
            ProductCategory.objects.get_or_create(product=product, category_id=values["category"])
        details = _details_values(values)
        if details:
            ProductDetails.objects.update_or_create(product=product, defaults=details)
        if plan.row in photos_ready:
            product.images.update(display_order=F("display_order") + 1)  # the new photo first
            product_photo_attach(product=product, photo=photos_ready[plan.row])
    StockRecord.objects.bulk_update(changed_records, ["price", "num_in_stock"])
    Product.objects.bulk_update(changed_products, ["product_class", "is_public", "title", "description"])
    products_imported.send(sender=Partner, product_ids=[product.pk for product in changed_products])
