"""The one writer of the town hall's log (ModerationEvent); it imports only models, so the services of
any app (markets, announcements, gift vouchers) can call it inside their own transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
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
