"""Payments listening to orders and to itself: refunds, payouts and reversals are queued here, after the
transaction that called for them has committed (orders knows nothing of payments). A broker outage is
logged (core.queueing) rather than failing the request that already committed the change."""

from django.dispatch import receiver

from core.queueing import task_queue
from orders.models import Order, Status
from orders.signals import order_transitioned, order_trimmed
from payments.models import Payment, Refund
from payments.signals import payment_authorised, payment_succeeded, shop_overpaid
from payments.tasks import (
    order_refund_due_task,
    order_transfer_reverse_task,
    order_transfer_task,
    payment_capture_task,
)

# The steps after which a weighed order's real weight is known (or will never be): its checkout's
# card may be charged then (payments.capture).
WEIGHED_OR_GONE = (Status.READY, Status.DROPPED, Status.OUT_FOR_DELIVERY, Status.CANCELLED)


def _capture_if_authorised(checkout_id: int | None) -> None:
    authorised = Payment.objects.filter(checkout_id=checkout_id, state=Payment.State.AUTHORISED)
    for payment_id in authorised.values_list("pk", flat=True):
        task_queue(payment_capture_task, payment_id)


@receiver(order_transitioned, sender=Order)
def pay_or_refund_on_transition(sender, *, order: Order, new_status: str, **kwargs) -> None:
    # Sent after commit, so the task sees the order as it now is.
    if new_status in (Status.COLLECTED, Status.DELIVERED):
        task_queue(order_transfer_task, order.pk)
    elif new_status == Status.CANCELLED:
        task_queue(order_refund_due_task, order.pk)  # nothing goes back when it was paid at pickup
    if new_status in WEIGHED_OR_GONE:
        _capture_if_authorised(order.checkout_id)


@receiver(order_trimmed, sender=Order)
def refund_unavailable_lines(sender, *, order: Order, **kwargs) -> None:
    task_queue(order_refund_due_task, order.pk)
    _capture_if_authorised(order.checkout_id)  # an unweighed item removed may leave all weighed


@receiver(payment_authorised, sender=Payment)
def capture_if_nothing_to_weigh(sender, *, payment: Payment, **kwargs) -> None:
    # Its weighed orders may have been cancelled while the card was being authorised.
    task_queue(payment_capture_task, payment.pk)


@receiver(payment_succeeded, sender=Payment)
def refund_what_changed_while_paying(sender, *, payment: Payment, **kwargs) -> None:
    # Orders cancelled or trimmed while the card was being paid could not be refunded then; charged
    # once weighed, orders handed over before the charge could not be paid out to their shop then.
    for order_id in payment.checkout.orders.values_list("pk", flat=True):
        task_queue(order_refund_due_task, order_id)
        if payment.capture_manual:
            task_queue(order_transfer_task, order_id)


@receiver(shop_overpaid, sender=Refund)
def take_back_the_refunded_share(sender, *, order_id: int, **kwargs) -> None:
    task_queue(order_transfer_reverse_task, order_id)
