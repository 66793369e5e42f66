"""A relative's part in ordering for a person not online: in their data export, the people they may
order for and the orders they placed; on deletion their email leaves those orders (the person keeps
their order and their own phone messages) and their links go with the account."""

from typing import Any

from checkout.models import BehalfCheckout, Relative
from orders.models import Checkout, OutboxMessage

ANONYMOUS_EMAIL = "anonyme@anonyme.invalid"  # privacy.services' value: a name reserved never to reach anyone


def relative_export(user: Any) -> dict[str, list]:
    return {
        "may_order_for": [
            {
                "person": link.resident.full_name,
                "consent": link.consent,
                "since": link.recorded_at.isoformat(),
            }
            for link in Relative.objects.filter(user=user).select_related("resident")
        ],
        "orders_placed_for_them": [
            {
                "person": behalf.resident.full_name,
                "checkout": behalf.checkout.reference,
                "at": behalf.created_at.isoformat(),
            }
            for behalf in BehalfCheckout.objects.filter(placed_by=user).select_related("resident", "checkout")
        ],
    }


def relative_erase(user: Any) -> None:
    checkouts = Checkout.objects.filter(behalf__placed_by=user, email__iexact=user.email)
    OutboxMessage.objects.filter(checkout__in=checkouts, recipient__iexact=user.email).update(recipient="")
    OutboxMessage.objects.filter(order__checkout__in=checkouts, recipient__iexact=user.email).update(
        recipient=""
    )
    checkouts.update(email=ANONYMOUS_EMAIL)
