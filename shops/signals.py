"""Signals of the shops app, for the apps built on it (shops imports none of them)."""

from django.dispatch import Signal

# Sent (with `shop`) after a merchant saved hours, closures or "closed for now". A receiver returns
# None, or a dict {"count": int, "message": str, "url": str} when the change hits booked orders:
# the merchant's page then says so and leads to that URL (orders/stranded.py answers).
shop_times_changed = Signal()

# Sent (with `shop`) inside the transaction that saves a new application, so what a receiver writes
# (the town hall's outbox messages, townhall.receivers) is kept or rolled back with the application.
shop_applied = Signal()
