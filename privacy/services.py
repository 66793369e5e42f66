"""Personal data (RGPD): a resident's export and erasure, guests anonymised after the retention period.

Orders stay: a shop's accounts need them (numbers, lines, amounts, dates). What goes is who bought:
names, email, phone, addresses and free-text notes are blanked on the checkout, its orders, their
addresses and the messages queued for them; the account itself, its saved addresses, alerts, searches
and views are deleted.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from core.personal_data import personal_data_erase, personal_data_export
from orders.models import Checkout, OutboxMessage, Status

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
UserAddress = get_model("address", "UserAddress")
ProductAlert = get_model("customer", "ProductAlert")
Email = get_model("communication", "Email")
User = get_user_model()

ANONYMOUS_EMAIL = "anonyme@anonyme.invalid"  # .invalid: a name reserved never to reach anyone
ADDRESS_FIELDS = ("title", "first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode")


class AccountNotDeletable(Exception):
    """The account cannot be erased now; the message says why and what to do."""


def resident_data_export(*, user: Any) -> dict[str, Any]:
    """Everything the marketplace holds about `user`, as plain JSON-ready values (with what the apps
    registered in core.personal_data: follows, workshops, survey answers, the merchants' space…)."""
    checkouts = Checkout.objects.filter(user=user).prefetch_related("orders__lines", "orders__shop")
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "addresses": [
            {field: getattr(address, field) for field in (*ADDRESS_FIELDS, "phone_number", "notes")}
            | {"country": str(address.country_id), "phone_number": str(address.phone_number or "")}
            for address in UserAddress.objects.filter(user=user)
        ],
        "checkouts": [
            {
                "reference": checkout.reference,
                "created_at": checkout.created_at.isoformat(),
                "first_name": checkout.first_name,
                "last_name": checkout.last_name,
                "email": checkout.email,
                "phone": checkout.phone,
                "sms_opt_in": checkout.sms_opt_in,
                "orders": [
                    {
                        "number": order.number,
                        "shop": order.shop.name if order.shop_id else "",
                        "status": order.status,
                        "placed_at": order.date_placed.isoformat(),
                        "total_incl_tax": str(order.total_incl_tax),
                        "lines": [
                            {
                                "title": line.title,
                                "quantity": line.quantity,
                                "price_incl_tax": str(line.line_price_incl_tax),
                            }
                            for line in order.lines.all()
                        ],
                    }
                    for order in checkout.orders.all()
                ],
            }
            for checkout in checkouts
        ],
        "stock_alerts": [
            {
                "product": alert.product.get_title(),
                "status": alert.status,
                "created_at": alert.date_created.isoformat(),
            }
            for alert in ProductAlert.objects.filter(user=user).select_related("product")
        ],
        "emails_received": [
            {"subject": email.subject, "sent_at": email.date_sent.isoformat()}
            for email in Email.objects.filter(user=user)
        ],
        **personal_data_export(user),
    }


def _checkouts_anonymise(checkouts: QuerySet) -> int:
    """Blanks who bought on `checkouts`, their orders, addresses and queued messages; keeps the rest."""
    checkout_ids = list(checkouts.values_list("pk", flat=True))
    orders = Order.objects.filter(checkout_id__in=checkout_ids)
    blank_address = {field: "" for field in ADDRESS_FIELDS} | {"phone_number": "", "notes": ""}
    ShippingAddress.objects.filter(order__in=orders).update(**blank_address)
    BillingAddress.objects.filter(order__in=orders).update(**{field: "" for field in ADDRESS_FIELDS})
    orders.filter(~Q(guest_email="")).update(guest_email=ANONYMOUS_EMAIL)
    orders.update(user=None)
    OutboxMessage.objects.filter(Q(checkout_id__in=checkout_ids) | Q(order__in=orders)).update(recipient="")
    return Checkout.objects.filter(pk__in=checkout_ids).update(
        user=None, first_name="", last_name="", email=ANONYMOUS_EMAIL, phone="", sms_opt_in=False
    )


@transaction.atomic
def resident_delete(*, user: Any) -> None:
    """Erases `user`'s account; their orders stay, anonymised. Refused while an order is under way (the
    shop still needs to reach them) and for staff and merchants (the town hall removes those)."""
    if user.is_staff or user.is_superuser or user.partners.exists():
        raise AccountNotDeletable("staff")
    checkouts = Checkout.objects.select_for_update().filter(user=user)
    if Order.objects.filter(Q(checkout__in=checkouts) | Q(user=user), status__in=Status.OPEN).exists():
        raise AccountNotDeletable("open orders")
    _checkouts_anonymise(checkouts)
    Order.objects.filter(user=user).update(user=None)
    personal_data_erase(user)  # the apps' parts (workshop sign-ups, survey answers…)
    user.delete()  # its saved addresses, alerts, baskets, emails and analytics rows go with it


def guests_anonymise(*, now: dt.datetime | None = None) -> int:
    """Anonymises the guest checkouts of every email address whose last checkout is older than the
    town's retention period (PRIVACY_GUEST_RETENTION_DAYS) and has no order under way. Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PRIVACY_GUEST_RETENTION_DAYS)
    guests = Checkout.objects.filter(user__isnull=True).exclude(email=ANONYMOUS_EMAIL)
    expired_emails = (
        guests.values("email")
        .annotate(last=Max("created_at"))
        .filter(last__lt=cutoff)
        .values_list("email", flat=True)
    )
    expired = guests.filter(email__in=list(expired_emails)).exclude(orders__status__in=Status.OPEN)
    with transaction.atomic():
        return _checkouts_anonymise(expired)
