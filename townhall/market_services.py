"""The town hall runs the markets: every change goes through these services, whoever asks (the
dashboard's forms, the Django admin, a command).

Each takes the market's row lock (placement takes it too before booking a stall slot, so no order slips
in between the check and the save), refuses a change that would strand residents' stall orders,
saves, and writes the town hall log, in one transaction. Calling a session off is the one change that
cancels orders: it says how many first (`market_session_orders`), then cancels them with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from markets.models import Market, MarketBreak, MarketCancellation
from orders.models import Order
from orders.selectors import market_session_orders, stall_orders_ahead
from orders.services import order_cancel
from shops.models import Partner
from townhall.log import changed_labels, town_hall_action_record
from townhall.models import ModerationEvent

Action = ModerationEvent.Action


@dataclass
class MarketChangeRefused(Exception):
    """A market change refused because of booked stall orders: the messages, by form field (None for
    the whole change), so every entry point shows them where the person typed."""

    errors: dict[str | None, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return " ".join(message for messages in self.errors.values() for message in messages)


def call_off_first() -> str:
    return _(
        "Call those sessions off first (Cancel a session: their orders are cancelled and everyone is "
        "told why), then try again."
    )


def booked_at_stalls(orders: QuerySet[Order]) -> str:
    """Why a market change is refused: the stall orders it would strand, and how many, by date.

    A change that takes sessions away from residents who booked a stall pickup is refused rather
    than cancelling their orders silently: the town hall calls those sessions off first (the
    session cancellation tells how many orders it hits and cancels them with the reason).
    """
    starts = list(orders.values_list("slot_start", flat=True))
    if not starts:
        return ""
    count = len(starts)
    days = sorted({timezone.localdate(start) for start in starts})
    return ngettext(
        "%(count)d order is booked for pickup at this market's stalls (%(dates)s).",
        "%(count)d orders are booked for pickup at this market's stalls (%(dates)s).",
        count,
    ) % {"count": count, "dates": ", ".join(formats.date_format(day, "l j F") for day in days)}


def market_change_refusals(
    *, saved: Market, changed: Market, stallholders: Iterable[Partner] | None
) -> dict[str | None, list[str]]:
    """What stopping a market, moving its day, shortening its hours over booked pickups or removing a
    stallholder would strand, by field; empty when the change may be saved. `saved` is the market as
    stored, `changed` the same market with the new values, `stallholders` the new ones (None: kept)."""
    errors: dict[str | None, list[str]] = {}
    ahead = stall_orders_ahead(market=saved, since=timezone.now())
    stopped = saved.is_active and not changed.is_active
    moved = changed.weekday != saved.weekday
    booked = booked_at_stalls(ahead) if stopped or moved else ""
    if booked:
        errors["is_active" if stopped else "weekday"] = [f"{booked} {call_off_first()}"]
    opens, closes = changed.opens, changed.closes
    # Hours closing before they open have their own error; a second one would mislead.
    valid_hours = opens and closes and opens < closes
    if not booked and valid_hours and (opens, closes) != (saved.opens, saved.closes):
        # Shorter hours strand only the stall pickups booked outside them.
        outside = [
            order.pk
            for order in ahead.only("slot_start", "slot_end")
            if timezone.localtime(order.slot_start).time() < opens
            or timezone.localtime(order.slot_end).time() > closes
        ]
        booked = booked_at_stalls(ahead.filter(pk__in=outside))
        if booked:
            errors["opens"] = [f"{booked} {call_off_first()}"]
    if stallholders is not None:
        kept = {shop.pk for shop in stallholders}
        then = _("They must be collected or cancelled before the shop leaves the market.")
        for shop in saved.stallholders.exclude(pk__in=kept).order_by("name"):
            booked = booked_at_stalls(ahead.filter(shop=shop))
            if booked:
                errors.setdefault("stallholders", []).append(f"{shop.display_name}: {booked} {then}")
    return errors


def market_break_refusal(*, market: Market, start_date: dt.date, end_date: dt.date) -> str:
    """Why a seasonal break over booked stall pickups is refused; "" when it may be added."""
    during = stall_orders_ahead(market=market, since=timezone.now()).filter(
        slot_start__date__range=(start_date, end_date)
    )
    booked = booked_at_stalls(during)
    return f"{booked} {call_off_first()}" if booked else ""


def _lock(market_pk: int | None) -> Market | None:
    return Market.objects.select_for_update().filter(pk=market_pk).first() if market_pk else None


def market_save(
    *, market: Market, stallholders: Iterable[Partner] | None, actor: AbstractBaseUser | None
) -> Market:
    """Create or change a market (`market` carries the new values), refusing with MarketChangeRefused
    a change that strands stall orders; logged as created, edited, stopped, resumed, stallholders."""
    stallholders = list(stallholders) if stallholders is not None else None
    with transaction.atomic():
        saved = _lock(market.pk)
        stallholders_before = set(saved.stallholders.all()) if saved else set()
        if saved:
            errors = market_change_refusals(saved=saved, changed=market, stallholders=stallholders)
            if errors:
                raise MarketChangeRefused(errors)
        market.save()
        if stallholders is not None:
            market.stallholders.set(stallholders)
        market_changes_record(
            market=market, before=saved, stallholders_before=stallholders_before, actor=actor
        )
    return market


def market_break_add(
    *, market: Market, start_date: dt.date, end_date: dt.date, reason: str, actor: AbstractBaseUser | None
) -> MarketBreak:
    """Add a seasonal break, refused (MarketChangeRefused) while stall pickups are booked during it."""
    with transaction.atomic():
        _lock(market.pk)
        refusal = market_break_refusal(market=market, start_date=start_date, end_date=end_date)
        if refusal:
            raise MarketChangeRefused({None: [refusal]})
        market_break = MarketBreak.objects.create(
            market=market, start_date=start_date, end_date=end_date, reason=reason.strip()
        )
        town_hall_action_record(
            action=Action.BREAK_ADDED,
            actor=actor,
            subject=break_subject(market_break),
            reason=market_break.reason,
            market=market,
        )
    return market_break


def market_session_cancel(
    *, market: Market, date: dt.date, reason: str, actor: AbstractBaseUser | None
) -> tuple[MarketCancellation, int]:
    """Call a session off (residents read the reason) and cancel the orders booked at its stalls.

    Each order goes through the order cancellation service: its stock and slot are released, its
    resident and merchant are told the reason, a card payment is refunded. Returns the cancellation
    and how many orders were cancelled; all or nothing.
    """
    with transaction.atomic():
        _lock(market.pk)
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


def market_date_remove(*, removed: MarketBreak | MarketCancellation, actor: AbstractBaseUser | None) -> None:
    """Take back a seasonal break or a session's cancellation (the session is held again), logged."""
    with transaction.atomic():
        _lock(removed.market_id)
        market_date_removed_record(removed=removed, actor=actor)
        removed.delete()


def session_subject(*, market: Market, date: dt.date) -> str:
    """A market session as the log names it: "Marché du samedi, Halle: Saturday 28 November 2026"."""
    return f"{market.name_and_place}: {formats.date_format(date, 'l j F Y')}"


def break_subject(market_break: MarketBreak) -> str:
    """A seasonal break as the log names it: "Marché du samedi, Halle: 1 July 2026 → 31 August 2026"."""
    days = (market_break.start_date, market_break.end_date)
    return f"{market_break.market.name_and_place}: " + " → ".join(
        formats.date_format(day, "j F Y") for day in days
    )


def market_changes_record(
    *,
    market: Market,
    before: Market | None,
    stallholders_before: set[Partner],
    actor: AbstractBaseUser | None,
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
    *, removed: MarketBreak | MarketCancellation, actor: AbstractBaseUser | None
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
