"""Town hall and merchant writes: hiding a post or a product (logged, merchant told why), calling off
a market session (its stall orders cancelled with the reason), the log entries of market changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from markets.models import Market, MarketBreak, MarketCancellation
from orders.services import order_cancel
from shops.emails import send_after_commit
from shops.models import Partner
from townhall.log import town_hall_action_record
from townhall.models import Announcement, MerchantPost, ModerationEvent
from townhall.selectors import market_session_orders

Product = get_model("catalogue", "Product")
Action = ModerationEvent.Action


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
        town_hall_action_record(
            action=Action.POST_HIDDEN, actor=actor, subject=subject, reason=reason, shop=post.shop, post=post
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
        town_hall_action_record(
            action=Action.PRODUCT_HIDDEN,
            actor=actor,
            subject=product.get_title(),
            reason=reason,
            shop=shop,
            product=product,
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
        subject = session_subject(market=market, date=date)
        if orders:
            subject += " " + ngettext(
                "(%(count)d order cancelled: %(numbers)s)",
                "(%(count)d orders cancelled: %(numbers)s)",
                len(orders),
            ) % {"count": len(orders), "numbers": ", ".join(order.number for order in orders)}
        town_hall_action_record(
            action=Action.SESSION_CANCELLED,
            actor=actor,
            subject=subject,
            reason=cancellation.reason,
            market=market,
        )
    return cancellation, len(orders)


def session_subject(*, market: Market, date: dt.date) -> str:
    """A market session as the log names it: "Marché du samedi, Halle: Saturday 28 November 2026"."""
    return f"{market.name_and_place}: {formats.date_format(date, 'l j F Y')}"


def changed_labels(before: models.Model, after: models.Model, names: Iterable[str]) -> list[str]:
    """The labels of the fields whose value differs between a row as it was saved and as it is now.

    Compared with the saved row, not a form's changed_data: a date field's "changed" flag relies on
    a hidden initial value the browser posts back."""
    return [
        str(after._meta.get_field(name).verbose_name)
        for name in names
        if getattr(before, name) != getattr(after, name)
    ]


def announcement_edited_record(
    *, announcement: Announcement, before: Announcement, actor: AbstractBaseUser
) -> None:
    """Log an announcement's edit, naming the fields that changed; nothing when none did."""
    changed = changed_labels(before, announcement, ("title", "text", "link", "starts_on", "ends_on"))
    if changed:
        town_hall_action_record(
            action=Action.ANNOUNCEMENT_EDITED,
            actor=actor,
            subject=f"{announcement.title} ({', '.join(changed)})",
        )


def market_changes_record(
    *, market: Market, before: Market | None, stallholders_before: set[Partner], actor: AbstractBaseUser
) -> None:
    """Log a market's creation or edit, as separate entries for stopping or resuming it and for its
    stallholders joining or leaving. `before` is the market as it was saved (None when created)."""
    subject = market.name_and_place
    if before is None:
        town_hall_action_record(action=Action.MARKET_CREATED, actor=actor, subject=subject, market=market)
    else:
        if before.is_active != market.is_active:
            action = Action.MARKET_RESUMED if market.is_active else Action.MARKET_STOPPED
            town_hall_action_record(action=action, actor=actor, subject=subject, market=market)
        changed = changed_labels(before, market, ("name", "place", "weekday", "opens", "closes"))
        if changed:
            town_hall_action_record(
                action=Action.MARKET_EDITED,
                actor=actor,
                subject=f"{subject} ({', '.join(changed)})",
                market=market,
            )
    stallholders = set(market.stallholders.all())
    joined, left = stallholders - stallholders_before, stallholders_before - stallholders
    if joined or left:
        names = [f"+ {shop.name}" for shop in sorted(joined, key=str)]
        names += [f"− {shop.name}" for shop in sorted(left, key=str)]
        town_hall_action_record(
            action=Action.STALLHOLDERS_CHANGED,
            actor=actor,
            subject=f"{subject}: {', '.join(names)}",
            market=market,
        )


def market_date_removed_record(
    *, removed: MarketBreak | MarketCancellation, actor: AbstractBaseUser
) -> None:
    """Log that a seasonal break or a session's cancellation was taken back: the session is held."""
    market = removed.market
    if isinstance(removed, MarketCancellation):
        action, subject = Action.CANCELLATION_REMOVED, session_subject(market=market, date=removed.date)
    else:
        action, subject = Action.BREAK_REMOVED, break_subject(removed)
    if removed.reason:
        # What residents had been told, kept with the entry: the break or cancellation itself is gone.
        subject = _("%(what)s (had been: %(reason)s)") % {"what": subject, "reason": removed.reason}
    town_hall_action_record(action=action, actor=actor, subject=subject, market=market)


def market_break_added_record(*, market_break: MarketBreak, actor: AbstractBaseUser) -> None:
    town_hall_action_record(
        action=Action.BREAK_ADDED,
        actor=actor,
        subject=break_subject(market_break),
        reason=market_break.reason,
        market=market_break.market,
    )


def break_subject(market_break: MarketBreak) -> str:
    """A seasonal break as the log names it: "Marché du samedi, Halle: 1 July 2026 → 31 August 2026"."""
    days = (market_break.start_date, market_break.end_date)
    return f"{market_break.market.name_and_place}: " + " → ".join(
        formats.date_format(day, "j F Y") for day in days
    )
