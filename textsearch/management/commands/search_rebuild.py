"""`manage.py search_rebuild`: write every product's and shop's search document again.

For data loaded without save signals (bulk loads, restores) and after a change of the normaliser.
"""

from django.core.management.base import BaseCommand

from textsearch.documents import search_documents_rebuild


class Command(BaseCommand):
    help = "Rebuild the storefront search documents of every product and shop."

    def handle(self, *args: object, **options: object) -> None:
        products, shops = search_documents_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Search documents written: {products} products, {shops} shops.")
        )
