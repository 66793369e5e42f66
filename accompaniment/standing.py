"""Where a merchant stands and whether they need a hand: pure rules over plain values (no ORM)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# A shop still without a product this long after joining needs a visit.
NO_PRODUCT_AFTER = dt.timedelta(days=7)
# A merchant who has not logged in for this long no longer keeps their shop's status up to date.
STALE_LOGIN_AFTER = dt.timedelta(days=30)


@dataclass(frozen=True)
class Standing:
    """One merchant's figures, as the accompaniment page shows them."""

    shop_id: int
    name: str
    joined_at: dt.datetime
    products_online: int
    products_with_photo: int
    products_in_stock: int
    has_hours: bool
    temporarily_closed: bool
    closed_message: str
    first_order_at: dt.datetime | None
    orders_this_month: int
    orders_waiting: int
    last_login: dt.datetime | None
    help_count: int
    consent: bool

    def status_kept_up_to_date(self, *, now: dt.datetime) -> bool:
        """Hours set, a merchant seen lately, and a closure explained: residents can trust the status."""
        seen_lately = self.last_login is not None and now - self.last_login <= STALE_LOGIN_AFTER
        closure_explained = not self.temporarily_closed or bool(self.closed_message.strip())
        return self.has_hours and seen_lately and closure_explained

    def flags(self, *, now: dt.datetime) -> list[str]:
        """Why this merchant needs a hand, worst first; empty when all is well."""
        flags = []
        if self.orders_waiting:
            flags.append(str(_("Orders waiting")))
        if self.products_online == 0 and now - self.joined_at >= NO_PRODUCT_AFTER:
            flags.append(str(_("No product after 7 days")))
        if self.products_online and self.products_in_stock == 0:
            flags.append(str(_("Stock all zero")))
        return flags


SORT_KEYS = {
    "name": lambda s, now: s.name.lower(),
    "products": lambda s, now: s.products_online,
    "photos": lambda s, now: s.products_with_photo,
    "orders": lambda s, now: s.orders_this_month,
    "login": lambda s, now: s.last_login or dt.datetime.min.replace(tzinfo=dt.UTC),
    "help": lambda s, now: s.help_count,
    "flags": lambda s, now: len(s.flags(now=now)),
}
DEFAULT_SORT = "-flags"


def standings_sort(standings: list[Standing], *, sort: str, now: dt.datetime) -> tuple[list[Standing], str]:
    """Sorted by `sort` ("orders", "-orders"…); an unknown key falls back to the neediest first."""
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT.removeprefix("-")
    by_name = sorted(standings, key=lambda s: s.name.lower())  # ties stay in name order
    return sorted(by_name, key=lambda s: SORT_KEYS[key](s, now), reverse=sort.startswith("-")), sort
