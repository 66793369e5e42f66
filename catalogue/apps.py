"""App config of the forked catalogue app (label `catalogue` kept, so models and migrations are Oscar's)."""

import oscar.apps.catalogue.apps as apps
from django.db.models.signals import post_delete, post_save


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalogue"

    def ready(self) -> None:
        super().ready()
        from oscar.core.loading import get_model

        from catalogue import holes  # noqa: F401 (the stock alert hole)
        from catalogue.freshness import catalogue_changed
        from core.signals import products_imported

        # What decides which products a list holds: products, their categories, their stock
        # records and their shops (approval); categories also make the browse page's cached tree.
        # Price and stock changes need nothing: cards are keyed by their content
        # (catalogue/templatetags/product_cards.py).
        for model in (
            "catalogue.Product",
            "catalogue.ProductCategory",
            "catalogue.Category",
            "partner.ShopCategory",
            "partner.ProductDetails",  # a product its merchant hides for today
            "partner.StockRecord",
            "partner.Partner",
        ):
            app_label, name = model.split(".")
            sender = get_model(app_label, name)
            post_save.connect(
                catalogue_changed, sender=sender, dispatch_uid=f"catalogue-generation-save-{model}"
            )
            post_delete.connect(
                catalogue_changed, sender=sender, dispatch_uid=f"catalogue-generation-del-{model}"
            )
        products_imported.connect(catalogue_changed, dispatch_uid="catalogue-generation-import")

        from catalogue.views_count import page_served_counted
        from core.signals import page_served_from_cache

        # Product pages answered from the page cache count as views too (Oscar counts those it draws).
        page_served_from_cache.connect(page_served_counted, dispatch_uid="catalogue-views-count")
