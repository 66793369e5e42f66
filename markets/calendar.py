"""When a weekly market is held: its next sessions, skipping seasonal breaks, saying which are cancelled.

Plain functions over plain values (no ORM), so the calendar rules are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from shops.hours import ShopStatus


@dataclass(frozen=True)
class Session:
    """One market day: held, or called off with a reason residents should read."""

    date: dt.date
    cancelled_reason: str = ""

    @property
    def is_cancelled(self) -> bool:
        return bool(self.cancelled_reason)


def next_sessions(
    *,
    weekday: int,
    today: dt.date,
    count: int,
    breaks: Sequence[tuple[dt.date, dt.date]] = (),
    cancellations: Mapping[dt.date, str] | None = None,
) -> list[Session]:
    """The next `count` market days from `today` (included), outside breaks (start and end inclusive).

    A cancelled session is still listed, with its reason: a resident planning to go must learn it is
    off, not just find the date missing.
    """
    cancellations = cancellations or {}
    sessions: list[Session] = []
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    # A break longer than a year would be a typing error; stop rather than loop for ever.
    last_day = today + dt.timedelta(days=366)
    while len(sessions) < count and day <= last_day:
        if not any(start <= day <= end for start, end in breaks):
            sessions.append(Session(day, cancellations.get(day, "")))
        day += dt.timedelta(days=7)
    return sessions


def held_session_dates(
    *,
    weekday: int,
    first_day: dt.date,
    days: int,
    breaks: Sequence[tuple[dt.date, dt.date]] = (),
    cancellations: Mapping[dt.date, str] | None = None,
) -> list[dt.date]:
    """The days a market is held within `days` days from `first_day`: off-break and not called off.

    What a stallholder's pickup slots are computed on: a cancelled session offers none.
    """
    last_day = first_day + dt.timedelta(days=days)
    # At most one session a week falls in the window; listing one more covers a window's edges.
    sessions = next_sessions(
        weekday=weekday, today=first_day, count=days // 7 + 1, breaks=breaks, cancellations=cancellations
    )
    return [session.date for session in sessions if session.date < last_day and not session.is_cancelled]


def status_at_the_market(
    status: ShopStatus, sessions: Sequence[tuple[dt.datetime, dt.datetime]], at: dt.datetime
) -> ShopStatus:
    """A stallholder's status once today's held sessions (opens, closes) count as opening hours.

    Open while at one of its markets; otherwise opening at the next session if that comes before
    its shop does. A shop temporarily closed or closed today for a reason is not at the market either.
    """
    if status.is_open or status.temporarily_closed or status.closure:
        return status
    for opens, closes in sorted(sessions):
        if opens <= at < closes:
            return replace(status, is_open=True, closes_at=closes, next_opening=None)
        if at < opens and (status.next_opening is None or opens < status.next_opening):
            return replace(status, next_opening=opens)
    return status
