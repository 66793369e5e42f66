"""Domain signals of orders, sent after the transaction that caused them has committed."""

from django.dispatch import Signal

# Sent with order, old_status, new_status once a transition is committed; notifications hook here.
order_transitioned = Signal()
# Sent with order once lines the shop cannot supply were taken off it (its total lowered).
order_trimmed = Signal()
