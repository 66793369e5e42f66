"""Keep search documents current: a save of what a document reads rewrites that document at once,
in the same transaction, so a renamed product is found by its new name on the next request."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from core.signals import products_imported
from textsearch import documents
from textsearch.models import ProductDocument

Partner = get_model("partner", "Partner")
ShopCategory = get_model("partner", "ShopCategory")

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")


@receiver(post_save, sender=Product)
def product_saved(sender: type, instance: Product, raw: bool = False, **kwargs: object) -> None:
    if not raw:
        documents.product_documents_refresh([instance.parent_id or instance.pk])


@receiver(post_save, sender=StockRecord)
@receiver(post_save, sender=ProductCategory)
def product_link_changed(sender: type, instance: object, raw: bool = False, **kwargs: object) -> None:
    # Which shop sells a product and its categories are part of its document.
    if not raw and Product.objects.filter(pk=instance.product_id).exists():
        documents.product_documents_refresh([instance.product_id])


@receiver(post_delete, sender=StockRecord)
@receiver(post_delete, sender=ProductCategory)
def product_link_removed(sender: type, instance: object, **kwargs: object) -> None:
    # Once committed: when the product itself is being deleted (its links go first), writing its
    # document now would leave a row pointing at a deleted product.
    product_id = instance.product_id

    def refresh() -> None:
        if Product.objects.filter(pk=product_id).exists():
            documents.product_documents_refresh([product_id])

    transaction.on_commit(refresh)


@receiver(post_save, sender=Category)
def category_saved(
    sender: type, instance: Category, raw: bool = False, created: bool = False, **kwargs
) -> None:
    if not raw and not created:
        documents.product_documents_refresh(instance.product_set.values_list("pk", flat=True))


@receiver(post_save, sender=Partner)
def shop_saved(sender: type, instance: Partner, raw: bool = False, created: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        documents.shop_documents_refresh([instance.pk])
    elif documents.shop_document_stale(instance):
        # Its name, trade or description changed: every product of it reads them (approvals and
        # other saves leave the documents as they are).
        documents.shop_products_refresh([instance.pk])


@receiver(post_save, sender=ShopCategory)
def trade_saved(
    sender: type, instance: ShopCategory, raw: bool = False, created: bool = False, **kwargs
) -> None:
    if not raw and not created:
        documents.shop_products_refresh(instance.shops.values_list("pk", flat=True))


@receiver(products_imported)
def products_imported_indexed(sender: type, product_ids: list[int], **kwargs: object) -> None:
    documents.product_documents_refresh(product_ids)


def documents_fill_if_missing(*, using: str = "default", **kwargs: object) -> None:
    if not ProductDocument.objects.using(using).exists() and Product.objects.using(using).exists():
        documents.search_documents_rebuild()
