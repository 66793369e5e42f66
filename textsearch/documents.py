"""Writes of the search documents: build a product's or a shop's normalised text and store it.

Called on save (textsearch.receivers), after a catalogue import, and by `manage.py search_rebuild`;
each call refreshes whole batches in a few queries, so a 25,000-product town rebuilds in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.core.cache import cache
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from textsearch.models import ProductDocument, ShopDocument, Term
from textsearch.normalise import normalise

Partner = get_model("partner", "Partner")

Product = get_model("catalogue", "Product")

BATCH = 1000
TERMS_VERSION_KEY = "textsearch:terms-version"
# Vocabulary words: long enough to be worth correcting a typo to, and not numbers ("250", "x6").
MIN_TERM_LENGTH = 3


def framed(*parts: str) -> str:
    """Normalised words framed by spaces: `LIKE '% word%'` then finds any word's start, the first too."""
    text = normalise(" ".join(part for part in parts if part))
    return f" {text} " if text else " "


def product_texts(product: Product) -> tuple[str, str, str]:
    """(title, categories, every word a resident may look the product up by), from prefetched relations."""
    shops = [record.partner for record in product.stockrecords.all()]
    categories = [category.name for category in product.categories.all()]
    trades = [shop.category.name for shop in shops if shop.category_id]
    text = framed(
        product.title,
        *categories,
        *(shop.name for shop in shops),
        *trades,
        strip_tags(product.description or ""),
    )
    return framed(product.title), framed(*categories), text


def shop_texts(shop: Partner) -> tuple[str, str, str]:
    trade = shop.category.name if shop.category_id else ""
    return framed(shop.name), framed(trade), framed(shop.name, trade, strip_tags(shop.description or ""))


def shop_document_stale(shop: Partner) -> bool:
    stored = ShopDocument.objects.filter(shop=shop).values_list("title", "subject", "text").first()
    return stored != shop_texts(shop)


def batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def terms_add(texts: Iterable[str]) -> None:
    """Add the words of `texts` to the vocabulary; a new word invalidates cached vocabularies."""
    found = {
        word for text in texts for word in text.split() if len(word) >= MIN_TERM_LENGTH and word.isalpha()
    }
    if not found:
        return
    known = set(Term.objects.filter(word__in=found).values_list("word", flat=True))
    new = found - known
    if new:
        Term.objects.bulk_create([Term(word=word[:64]) for word in sorted(new)], ignore_conflicts=True)
        cache.delete(TERMS_VERSION_KEY)  # every process reads the vocabulary again (textsearch.selectors)


def product_documents_refresh(product_ids: Iterable[int]) -> int:
    """Write the documents of these products (parents and standalone ones); return how many."""
    written = 0
    for ids in batches(product_ids):
        products = (
            Product.objects.filter(pk__in=ids, parent__isnull=True)
            .only("pk", "title", "description")
            .prefetch_related("categories", "stockrecords__partner__category")
        )
        documents = []
        for product in products:
            title, subject, text = product_texts(product)
            documents.append(ProductDocument(product=product, title=title, subject=subject, text=text))
        ProductDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["product"],
            update_fields=["title", "subject", "text"],
        )
        terms_add(document.text for document in documents)
        written += len(documents)
    return written


def shop_documents_refresh(shop_ids: Iterable[int]) -> int:
    written = 0
    for ids in batches(shop_ids):
        documents = [
            ShopDocument(shop=shop, title=title, subject=subject, text=text)
            for shop in Partner.objects.filter(pk__in=ids).select_related("category")
            for title, subject, text in [shop_texts(shop)]
        ]
        ShopDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["shop"],
            update_fields=["title", "subject", "text"],
        )
        terms_add(document.text for document in documents)
        written += len(documents)
    return written


def shop_products_refresh(shop_ids: Iterable[int]) -> None:
    """A shop's name or trade is in each of its products' documents."""
    shop_ids = list(shop_ids)
    shop_documents_refresh(shop_ids)
    product_ids = Product.objects.filter(stockrecords__partner__in=shop_ids).values_list("pk", flat=True)
    product_documents_refresh(product_ids.distinct())


def search_documents_rebuild() -> tuple[int, int]:
    """Every product's and shop's document written again; (products, shops)."""
    products = product_documents_refresh(
        Product.objects.filter(parent__isnull=True).values_list("pk", flat=True)
    )
    shops = shop_documents_refresh(Partner.objects.values_list("pk", flat=True))
    return products, shops
