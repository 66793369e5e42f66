"""Domain signals of orders, sent after the transaction that caused them has committed."""

from django.dispatch import Signal

# Sent with order, old_status, new_status once a transition is committed; notifications hook here.
order_transitioned = Signal()
# Sent with order once lines the shop cannot supply were taken off it (its total lowered).
order_trimmed = Signal()
# Sent with message_id once an outbox row is written (or put back to resend): orders.receivers queues it.
outbox_message_written = Signal()
