"""Signals the shops app sends: other apps follow what happens to shops without shops importing them."""

from django.dispatch import Signal

# Sent after a catalogue import has created products in bulk (no save signals fire for them);
# `product_ids` lists the new products. The storefront search indexes them from it.
products_imported = Signal()
