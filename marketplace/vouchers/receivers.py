"""A card checkout that is never paid gives its gift vouchers back, as it gives the basket back."""

from django.dispatch import receiver

from marketplace.vouchers.services import order_vouchers_release
from orders.models import Order, Status
from orders.signals import order_transitioned


@receiver(order_transitioned, sender=Order)
def release_vouchers_of_unpaid_orders(
    sender, order: Order, old_status: str, new_status: str, **kwargs
) -> None:
    # Only from "Pending payment": an order the shop received keeps its vouchers spent when cancelled.
    if old_status == Status.PENDING_PAYMENT and new_status == Status.CANCELLED:
        order_vouchers_release(order=order)
