"""When a weekly market is held: its next sessions, skipping seasonal breaks, saying which are cancelled.

Plain functions over plain values (no ORM), so the calendar rules are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


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
