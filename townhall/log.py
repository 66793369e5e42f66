"""The one writer of the town hall's log (ModerationEvent), called by the town hall's services (markets,
announcements, moderation, gift vouchers) inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from oscar.core.loading import get_model

from markets.models import Market
from shops.models import Partner
from townhall.models import MerchantPost, ModerationEvent

Product = get_model("catalogue", "Product")
Voucher = get_model("voucher", "Voucher")


def town_hall_action_record(
    *,
    action: ModerationEvent.Action,
    actor: AbstractBaseUser | None,
    subject: str,
    reason: str = "",
    shop: Partner | None = None,
    post: MerchantPost | None = None,
    product: Product | None = None,
    market: Market | None = None,
    voucher: Voucher | None = None,
) -> ModerationEvent:
    """Write the town hall log's entry for an action: call it inside the action's transaction, so
    the log never holds an action that was rolled back nor misses one that was done."""
    return ModerationEvent.objects.create(
        action=action,
        actor=actor,
        subject=subject,
        reason=reason,
        shop=shop,
        post=post,
        product=product,
        market=market,
        voucher=voucher,
    )


def changed_labels(before: models.Model, after: models.Model, names: Iterable[str]) -> list[str]:
    """The labels of the fields whose value differs between a row as it was saved and as it is now.

    Compared with the saved row, not a form's changed_data: a date field's "changed" flag relies on
    a hidden initial value the browser posts back."""
    return [
        str(after._meta.get_field(name).verbose_name)
        for name in names
        if getattr(before, name) != getattr(after, name)
    ]
