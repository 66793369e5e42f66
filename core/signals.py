"""Signals several apps share, defined here so that no app imports another to send or hear them."""

from django.dispatch import Signal

# Sent after a catalogue import has created or changed products in bulk (no save signals fire for
# them); `product_ids` lists them. The storefront search indexes them, the catalogue's cached counts
# are renewed.
products_imported = Signal()
