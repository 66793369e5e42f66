"""Tables as CSV files the town hall downloads (figures, logs, settlements): each column's header and
how its value is written, with a byte-order mark so spreadsheets read the accents right."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.functional import Promise


def minutes(value: dt.timedelta | None) -> str:
    return "" if value is None else f"{value.total_seconds() / 60:.1f}"


def money(value: Decimal | None) -> str:
    # SQLite sums decimals without their scale: write cents always.
    return "" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def plain(value: object) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    header: str | Promise
    key: str
    write: Callable[[object], str] = plain


def csv_download(text: str, filename: str) -> HttpResponse:
    """CSV text as a file the browser saves under `filename` (every CSV the town hall downloads)."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def rows_to_csv(columns: tuple[Column, ...], rows: Iterable[dict]) -> str:
    """Rows as CSV text, with a byte-order mark so spreadsheets read the accents right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        writer.writerow([column.write(row.get(column.key)) for column in columns])
    return out.getvalue()
