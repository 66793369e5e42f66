"""Payments listening to orders and to itself: refunds, payouts and reversals are queued here, after the
transaction that called for them has committed (orders knows nothing of payments). A broker outage is
logged (core.queueing) rather than failing the request that already committed the change."""

from django.dispatch import receiver

from core.queueing import task_queue
from orders.models import Order, Status
from orders.signals import order_transitioned, order_trimmed
from payments.models import Payment, Refund
from payments.signals import payment_succeeded, shop_overpaid
from payments.tasks import order_refund_due_task, order_transfer_reverse_task, order_transfer_task


@receiver(order_transitioned, sender=Order)
def pay_or_refund_on_transition(sender, *, order: Order, new_status: str, **kwargs) -> None:
    # Sent after commit, so the task sees the order as it now is.
    if new_status in (Status.COLLECTED, Status.DELIVERED):
        task_queue(order_transfer_task, order.pk)
    elif new_status == Status.CANCELLED:
        task_queue(order_refund_due_task, order.pk)  # nothing goes back when it was paid at pickup


@receiver(order_trimmed, sender=Order)
def refund_unavailable_lines(sender, *, order: Order, **kwargs) -> None:
    task_queue(order_refund_due_task, order.pk)


@receiver(payment_succeeded, sender=Payment)
def refund_what_changed_while_paying(sender, *, payment: Payment, **kwargs) -> None:
    # Orders cancelled or trimmed while the card was being paid could not be refunded then.
    for order_id in payment.checkout.orders.values_list("pk", flat=True):
        task_queue(order_refund_due_task, order_id)


@receiver(shop_overpaid, sender=Refund)
def take_back_the_refunded_share(sender, *, order_id: int, **kwargs) -> None:
    task_queue(order_transfer_reverse_task, order_id)
