"""The town hall issues gift vouchers: created by the vouchers app, logged in the town hall's log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from shops.models import ShopCategory
from townhall.log import town_hall_action_record
from townhall.models import ModerationEvent
from vouchers.services import vouchers_create

Voucher = get_model("voucher", "Voucher")


def vouchers_issue(
    *,
    name: str,
    amount: Decimal,
    count: int,
    start: dt.datetime,
    end: dt.datetime,
    actor: AbstractBaseUser | None = None,
    category: ShopCategory | None = None,
    code: str = "",
) -> list[Voucher]:
    """Issue `count` single-use vouchers of `amount` each (vouchers.services.vouchers_create) and record
    who issued them in the town hall's log (no one for a script's), in one transaction."""
    with transaction.atomic():
        vouchers = vouchers_create(
            name=name, amount=amount, count=count, start=start, end=end, category=category, code=code
        )
        town_hall_action_record(
            action=ModerationEvent.Action.VOUCHERS_ISSUED,
            actor=actor,
            subject=issued_subject(
                name=name,
                amount=amount,
                count=count,
                start=start,
                end=end,
                category=category,
                code=vouchers[0].code if count == 1 else "",
            ),
            voucher=vouchers[0],
        )
    return vouchers


def issued_subject(
    *,
    name: str,
    amount: Decimal,
    count: int,
    start: dt.datetime,
    end: dt.datetime,
    category: ShopCategory | None,
    code: str,
) -> str:
    """How the log names an issue: "Noël 2026: 100 × 20.00 €, at Bakeries, valid 12/01/2026 → 01/31/2027"."""
    subject = _("%(name)s: %(count)d × %(amount)s €, at %(shops)s, valid %(start)s → %(end)s") % {
        "name": name,
        "count": count,
        "amount": formats.number_format(amount, 2),
        "shops": category.name if category else _("All shops"),
        "start": formats.date_format(timezone.localdate(start), "SHORT_DATE_FORMAT"),
        "end": formats.date_format(timezone.localdate(end), "SHORT_DATE_FORMAT"),
    }
    return f"{subject} ({code})" if code else subject
