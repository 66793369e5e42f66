"""Town hall and merchant writes: hiding a post or a product (logged, merchant told why), calling off
a market session (its stall orders cancelled with the reason)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.models import Market, MarketCancellation, MerchantPost, ModerationEvent
from marketplace.townhall.selectors import market_session_orders
from orders.services import order_cancel
from shops.emails import send_after_commit
from shops.models import Partner

Product = get_model("catalogue", "Product")


class ModerationError(ValueError):
    """A hiding the town hall cannot do as asked (no reason, nothing to hide)."""


def post_hide(*, post: MerchantPost, actor: AbstractBaseUser, reason: str) -> MerchantPost:
    """Take a post off the storefront, record who did it and why, and tell the merchant."""
    reason = _required(reason)
    with transaction.atomic():
        post.hidden_at = timezone.now()
        post.hidden_reason = reason
        post.save(update_fields=["hidden_at", "hidden_reason"])
        subject = f"{post.get_kind_display()}: {post.text[:200]}"
        ModerationEvent.objects.create(
            action=ModerationEvent.Action.POST_HIDDEN,
            actor=actor,
            shop=post.shop,
            post=post,
            subject=subject,
            reason=reason,
        )
        _tell_merchant(shop=post.shop, what=subject, reason=reason)
    return post


def product_hide(*, product: Product, actor: AbstractBaseUser, reason: str) -> Product:
    """Unpublish a product (`is_public=False`), record who did it and why, and tell its shop."""
    reason = _required(reason)
    stockrecord = product.stockrecords.select_related("partner").order_by("pk").first()
    shop = stockrecord.partner if stockrecord else None
    with transaction.atomic():
        product.is_public = False
        product.save(update_fields=["is_public"])
        ModerationEvent.objects.create(
            action=ModerationEvent.Action.PRODUCT_HIDDEN,
            actor=actor,
            shop=shop,
            product=product,
            subject=product.get_title()[:255],
            reason=reason,
        )
        if shop:
            _tell_merchant(shop=shop, what=product.get_title(), reason=reason)
    return product


def _required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ModerationError("A reason is required: the merchant is told why.")
    return reason


def _tell_merchant(*, shop: Partner, what: str, reason: str) -> None:
    """Email the shop's merchants once the hiding is committed, so no one hears of a rolled-back one."""
    send_after_commit(
        template="hidden", to=shop.merchant_email(), context={"shop": shop, "what": what, "reason": reason}
    )


def market_session_cancel(
    *, market: Market, date: dt.date, reason: str, actor: AbstractBaseUser
) -> tuple[MarketCancellation, int]:
    """Call a session off (residents read the reason) and cancel the orders booked at its stalls.

    Each order goes through the order cancellation service: its stock and slot are released, its
    resident and merchant are told the reason, a card payment is refunded. Returns the cancellation
    and how many orders were cancelled; all or nothing.
    """
    with transaction.atomic():
        # Placement locks the market too before booking a stall slot: no order slips in meanwhile.
        Market.objects.select_for_update().filter(pk=market.pk).first()
        cancellation, _created = MarketCancellation.objects.get_or_create(
            market=market, date=date, defaults={"reason": reason.strip()}
        )
        orders = list(market_session_orders(market=market, date=date).select_related("shop", "checkout"))
        order_reason = _("%(market)s, %(date)s, is cancelled: %(reason)s") % {
            "market": market.name,
            "date": formats.date_format(date, "l j F"),
            "reason": cancellation.reason,
        }
        for order in orders:
            order_cancel(order=order, reason=order_reason, actor=actor)
    return cancellation, len(orders)
