"""The shop lifecycle: applying, and the town hall approving, rejecting, suspending, reinstating.

Each function is one transaction that checks the transition is allowed, records a `ShopEvent`
(who, what, why, when) and emails the shop after commit; a new application tells the town hall too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.apps.customer.forms import generate_username

from core.roles import merchant_permission
from shops.emails import absolute_url, send_after_commit
from shops.exceptions import ContactEmailMissing, InvalidTransition, ReasonRequired
from shops.hours import ClosurePeriod, TimeRange, validate_day_ranges
from shops.models import Closure, OpeningHours, Partner, ShopEvent
from shops.signals import shop_applied

Approval = Partner.Approval
Action = ShopEvent.Action

# Which approval state each action moves a shop from, and to. Reinstating a rejected shop puts its
# application back in the queue: the town hall reviews it again rather than approving blindly.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.APPROVED: {Approval.PENDING: Approval.APPROVED},
    Action.REJECTED: {Approval.PENDING: Approval.REJECTED},
    Action.SUSPENDED: {Approval.APPROVED: Approval.SUSPENDED},
    Action.REINSTATED: {Approval.SUSPENDED: Approval.APPROVED, Approval.REJECTED: Approval.PENDING},
}


def allowed_actions(approval: str) -> list[str]:
    """The actions the town hall may take on a shop in this approval state."""
    return [action for action, moves in TRANSITIONS.items() if approval in moves]


def shop_apply(*, shop: Partner) -> Partner:
    """Save an application (an unsaved shop built by the joining form) as a pending shop."""
    with transaction.atomic():
        shop.approval = Approval.PENDING
        shop.approval_changed_at = timezone.now()
        shop.save()
        ShopEvent.objects.create(shop=shop, action=Action.APPLIED)
        send_after_commit(template="applied", to=shop.contact_email, context={"shop": shop})
        shop_applied.send(sender=Partner, shop=shop)  # the town hall is told (townhall.receivers)
    return shop


def shop_approve(*, shop: Partner, actor: AbstractBaseUser) -> Partner:
    """Put the shop on the storefront and invite its contact to run it from the dashboard."""
    if not (shop.contact_email or shop.email):
        raise ContactEmailMissing()
    with transaction.atomic():
        _move(shop=shop, action=Action.APPROVED, actor=actor, reason="")
        merchant = _merchant_account(shop)
        context = {"shop": shop, "merchant": merchant, "invitation_url": _set_password_url(merchant)}
        send_after_commit(template="approved", to=merchant.email, context=context)
    return shop


def shop_reject(*, shop: Partner, actor: AbstractBaseUser, reason: str) -> Partner:
    """Turn an application down, telling the applicant why."""
    with transaction.atomic():
        _move(shop=shop, action=Action.REJECTED, actor=actor, reason=_required(reason))
        send_after_commit(template="rejected", to=shop.contact_email or shop.email, context={"shop": shop})
    return shop


def shop_suspend(*, shop: Partner, actor: AbstractBaseUser, reason: str) -> Partner:
    """Take an approved shop and its products off the storefront, telling the merchant why."""
    with transaction.atomic():
        _move(shop=shop, action=Action.SUSPENDED, actor=actor, reason=_required(reason))
        send_after_commit(template="suspended", to=shop.merchant_email(), context={"shop": shop})
    return shop


def shop_reinstate(*, shop: Partner, actor: AbstractBaseUser, reason: str = "") -> Partner:
    """Lift a suspension (back on the storefront) or reopen a rejected application (back in review)."""
    with transaction.atomic():
        _move(shop=shop, action=Action.REINSTATED, actor=actor, reason=reason.strip())
        send_after_commit(template="reinstated", to=shop.merchant_email(), context={"shop": shop})
    return shop


def shop_temporary_closure_set(*, shop: Partner, closed: bool, message: str = "") -> Partner:
    """The merchant's quick switch: closed for now (with a message for residents), or open again."""
    shop.temporarily_closed = closed
    shop.closed_message = message.strip() if closed else ""
    shop.save(update_fields=["temporarily_closed", "closed_message"])
    return shop


# What a merchant may change on "My shop"; approval, SIRET and the rest belong to the town hall.
MERCHANT_EDITABLE_FIELDS = (
    "name",
    "description",
    "logo",
    "photo",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "website",
    "facebook_url",
    "instagram_url",
    "offers_click_collect",
    "offers_delivery",
    "offers_call_collect",
    "accepts_pay_at_pickup",
    "drops_at_pickup_points",
    "offers_market_pickup",
    "preparation_minutes",
    "slot_minutes",
    "slot_capacity",
    "uncollected_cancel_days",
    "slot_horizon_days",
    "change_cutoff_hours",
    "weight_tolerance_percent",
    "delivery_postcodes",
    "delivery_fee",
    "delivery_free_from",
    "delivery_minimum",
    "delivery_window_minutes",
    "delivery_capacity",
)


def shop_profile_update(
    *,
    shop: Partner,
    hours: Mapping[int, Sequence[TimeRange]],
    closures: Sequence[ClosurePeriod],
) -> Partner:
    """Save a merchant's edits (already set on `shop`), its weekly hours and its upcoming closures.

    Hours and upcoming closures are replaced whole: what the merchant sees is what is kept.
    Past closures stay, as history.
    """
    for ranges in hours.values():
        validate_day_ranges(ranges)
    for closure in closures:
        if closure.end < closure.start:
            raise ValueError("A closure cannot end before it starts.")
    with transaction.atomic():
        shop.save(update_fields=MERCHANT_EDITABLE_FIELDS)
        shop.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(shop=shop, weekday=weekday, opens=r.opens, closes=r.closes)
            for weekday, ranges in hours.items()
            for r in ranges
        )
        shop.closures.filter(end_date__gte=timezone.localdate()).delete()
        Closure.objects.bulk_create(
            Closure(shop=shop, start_date=c.start, end_date=c.end, reason=c.reason) for c in closures
        )
    return shop


def _move(*, shop: Partner, action: str, actor: AbstractBaseUser | None, reason: str) -> None:
    """Check and apply one transition on a locked row, and record it in the audit log."""
    # Locking the row makes two town hall members clicking at once see each other's decision.
    current = Partner.objects.select_for_update().only("approval").get(pk=shop.pk).approval
    target = TRANSITIONS[action].get(current)
    if target is None:
        raise InvalidTransition(action=Action(action).label.lower(), state=Approval(current).label.lower())
    shop.approval = target
    shop.approval_reason = reason
    shop.approval_changed_at = timezone.now()
    shop.save(update_fields=["approval", "approval_reason", "approval_changed_at"])
    ShopEvent.objects.create(shop=shop, action=action, actor=actor, reason=reason)


def _required(reason: str) -> str:
    if not reason.strip():
        raise ReasonRequired()
    return reason.strip()


def _merchant_account(shop: Partner) -> AbstractBaseUser:
    """The contact's account, created without a password if they have none, linked to the shop."""
    User = get_user_model()
    email = shop.contact_email or shop.email
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=generate_username(), email=email, first_name=shop.contact_name[:150])
        user.set_unusable_password()
        user.save()
    user.user_permissions.add(merchant_permission())
    shop.users.add(user)
    return user


def _set_password_url(user: AbstractBaseUser) -> str:
    """A one-time link to Oscar's set-password page (Django's password reset token)."""
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)
