"""Signals several apps share, defined here so that no app imports another to send or hear them."""

from django.dispatch import Signal

# Sent after a catalogue import has created or changed products in bulk (no save signals fire for
# them); `product_ids` lists them. The storefront search indexes them, the catalogue's cached counts
# are renewed.
products_imported = Signal()

# Sent when a page is answered from the page cache (core/pagecache.py) without running its view, with
# the `request` (its `resolver_match` says which page): what a view counts when it runs (Oscar's
# product views) is counted from here for those (catalogue/views_count.py).
page_served_from_cache = Signal()
