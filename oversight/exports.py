"""The oversight tables as CSV: what each column is, and how a value is written in a file.

Dashboard tables have translated headers (read by the town hall in a spreadsheet); the open-data
table has fixed English headers, as open-data portals expect columns that never change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.csv_files import Column, minutes, money, percent, rows_to_csv
from core.periods import Period
from oversight import selectors
from townhall.gift_vouchers import selectors as voucher_selectors


@dataclass(frozen=True)
class Table:
    filename: str
    columns: tuple[Column, ...]
    rows: Callable[[Period], list[dict]]


ORDER_COLUMNS = (
    Column(_("Orders"), "orders"),
    Column(_("Sales (EUR)"), "sales", money),
    Column(_("Paid with gift vouchers (EUR)"), "vouchers", money),
    Column(_("Average basket (EUR)"), "average_basket", money),
    Column(_("Click & collect"), "click_collect"),
    Column(_("Call & collect"), "phone"),
    Column(_("Delivery"), "delivery"),
    Column(_("Click & collect (%)"), "click_collect_share", percent),
    Column(_("Call & collect (%)"), "phone_share", percent),
    Column(_("Delivery (%)"), "delivery_share", percent),
    Column(_("Cancelled"), "cancelled"),
    Column(_("Cancelled (%)"), "cancelled_rate", percent),
    Column(_("Uncollected"), "uncollected"),
    Column(_("Uncollected (% of pickups)"), "uncollected_rate", percent),
)
TO_READY = Column(_("Average time to ready (minutes)"), "to_ready", minutes)

TABLES = {
    "summary": Table(
        "summary",
        (
            Column(_("Shops on the storefront"), "shops_approved"),
            Column(_("Shops with orders"), "shops_selling"),
            *ORDER_COLUMNS,
            TO_READY,
            Column(_("New residents"), "new_residents"),
        ),
        lambda period: [selectors.overview(period)["summary"]],
    ),
    "daily": Table(
        "orders-per-day",
        (Column(_("Day"), "day"), *ORDER_COLUMNS, Column(_("New residents"), "new_residents")),
        selectors.daily,
    ),
    "shops": Table(
        "shops",
        (Column(_("Shop"), "name"), Column(_("Category"), "category_name"), *ORDER_COLUMNS, TO_READY),
        lambda period: selectors.overview(period)["shops"],
    ),
    "categories": Table(
        "categories",
        (
            Column(_("Category"), "category_name"),
            Column(_("Shops with orders"), "shops_selling"),
            *ORDER_COLUMNS,
            TO_READY,
        ),
        lambda period: selectors.overview(period)["categories"],
    ),
    "open-data": Table(
        "open-data-orders",
        (
            Column("date", "day"),
            Column("shop_category", "category_name"),
            Column("orders", "orders"),
            Column("sales_eur", "sales", money),
            Column("gift_vouchers_eur", "vouchers", money),
            Column("click_and_collect", "click_collect"),
            Column("call_and_collect", "phone"),
            Column("delivery", "delivery"),
            Column("cancelled", "cancelled"),
        ),
        selectors.open_data,
    ),
    # Gift vouchers (marketplace/vouchers): what the town owes each shop, and the period's totals.
    "gift-vouchers-shops": Table(
        "gift-vouchers-per-shop",
        (
            Column(_("Shop"), "name"),
            Column(_("Orders paid with vouchers"), "orders"),
            Column(_("Owed to the shop (EUR)"), "owed", money),
            Column(_("Not supplied, owed to nobody (EUR)"), "cancelled", money),
        ),
        voucher_selectors.shops_owed,
    ),
    "gift-vouchers": Table(
        "gift-vouchers",
        (
            Column(_("Vouchers issued"), "issued_count"),
            Column(_("Value issued (EUR)"), "issued_value", money),
            Column(_("Value spent (EUR)"), "spent_value", money),
            Column(_("Spent on items not supplied (EUR)"), "cancelled_value", money),
            Column(_("Vouchers left to spend today"), "left_count"),
            Column(_("Value left to spend today (EUR)"), "left_value", money),
        ),
        lambda period: [voucher_selectors.summary(period)],
    ),
}


def local_time(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def audit_action(code: str) -> str:
    return str(selectors.AUDIT_ACTIONS.get(code, code))


AUDIT_LOG_COLUMNS = (
    Column(_("When"), "at", local_time),
    Column(_("Who"), "actor_email"),
    Column(_("Shop"), "shop_name"),
    Column(_("Action"), "action_code", audit_action),
    Column(_("What"), "what"),
    Column(_("Why"), "why"),
)


def filename(name: str, period: Period) -> str:
    return f"{TABLES[name].filename}_{period.start:%Y-%m-%d}_{period.end:%Y-%m-%d}.csv"


def to_csv(name: str, period: Period) -> str:
    table = TABLES[name]
    return rows_to_csv(table.columns, table.rows(period))
