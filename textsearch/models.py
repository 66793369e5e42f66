"""Search documents: one row per product and per shop holding its normalised text (and, on
PostgreSQL, its weighted French tsvector), plus the vocabulary that typos are corrected against.

Oscar's Product and our Partner stay untouched: the documents live beside them, written by
`textsearch.documents` on save, on import and by `manage.py search_rebuild`.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.expressions import Func
from django.utils.translation import gettext_lazy as _


class WeightedVector(Func):
    """The document's vector: title words weighted A, categories or trade B, every word D (French
    stemming, on PostgreSQL).

    SQLite has no vector: it matches the normalised `text` column itself, so the column is empty there.
    """

    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__(models.F("title"), models.F("subject"), models.F("text"))

    def as_postgresql(self, compiler, connection, **extra):  # noqa: ANN001, ANN201 (Django's signature)
        parts, params = [], []
        for expression, weight in zip(self.source_expressions, "ABD", strict=True):
            sql, sql_params = compiler.compile(expression)
            parts.append(
                f"setweight(to_tsvector('french'::regconfig, marketplace_unaccent({sql})), '{weight}')"
            )
            params.extend(sql_params)
        return " || ".join(parts), tuple(params)

    def as_sql(self, compiler, connection, **extra):  # noqa: ANN001, ANN201
        return "''", ()


class Document(models.Model):
    # Normalised (textsearch.normalise) and framed by spaces, so " word" finds a word's start.
    title = models.TextField(_("Title words"))
    subject = models.TextField(_("Category words"))  # a product's categories, a shop's trade
    text = models.TextField(_("All words"))
    vector = models.GeneratedField(
        expression=WeightedVector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        abstract = True


class ProductDocument(Document):
    """What a product is found by: its title, categories, its shop's name and trade, its description."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )

    class Meta:
        verbose_name = _("Product search document")


class ShopDocument(Document):
    """What a shop is found by: its name, its trade and its description."""

    shop = models.OneToOneField(
        "partner.Partner", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )

    class Meta:
        verbose_name = _("Shop search document")


class Term(models.Model):
    """A normalised word of some title, trade or shop name: what a mistyped query word is corrected to."""

    word = models.CharField(_("Word"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("Search term")
