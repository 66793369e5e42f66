"""Payments listening to orders: a handed-over card order pays its shop."""

from django.dispatch import receiver

from orders.models import Order, Status
from orders.signals import order_transitioned
from payments.tasks import order_transfer_task


@receiver(order_transitioned, sender=Order)
def transfer_when_handed_over(sender, *, order: Order, new_status: str, **kwargs) -> None:
    # Sent after commit, so the task sees the collected or delivered order.
    if new_status in (Status.COLLECTED, Status.DELIVERED):
        order_transfer_task.delay(order.pk)
