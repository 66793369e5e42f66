"""Domain signals of payments, sent after the transaction that caused them has committed."""

from django.dispatch import Signal

# Sent with `payment` once a checkout's card payment has succeeded: orders cancelled or trimmed while
# it was being paid are refunded then.
payment_succeeded = Signal()
# Sent with `order_id` when a refund comes after the shop was paid its share: the excess is taken back.
shop_overpaid = Signal()
# Sent with `payment` once a card holding weighed items is authorised: its capture may be due already.
payment_authorised = Signal()
