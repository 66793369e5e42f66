"""The oversight's days: figures of orders that have ended, added once, read instead of every order."""

from __future__ import annotations

import datetime as dt

from django.db import models

from shops.models import Partner


class DayFigures(models.Model):
    """The oversight figures of one local day's orders that have ended; same names as the live figures.

    A collected, delivered or cancelled order never changes again, so its figures are added here
    once (oversight/rollup.py, on beat) and the dashboard reads a year of days instead
    of every order; orders still under way are counted live.
    """

    date = models.DateField()
    orders = models.PositiveIntegerField(default=0)
    pickup = models.PositiveIntegerField(default=0)
    phone = models.PositiveIntegerField(default=0)
    delivery = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    uncollected = models.PositiveIntegerField(default=0)
    # What residents bought, gift vouchers' part included (see oversight/selectors.py).
    sales = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    vouchers = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    ready_total = models.DurationField(default=dt.timedelta(0))
    ready_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class TownDay(DayFigures):
    """The whole town's figures of a day, the sum of its shops' days: the daily chart of a year
    reads 365 rows rather than one per shop and day."""

    class Meta:
        db_table = "marketplace_townday"  # moved from the project package: its table kept
        constraints = [models.UniqueConstraint(fields=["date"], name="one_town_day")]


class ShopDay(DayFigures):
    """A shop's figures of a day: the per-shop, per-category and open-data tables."""

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "marketplace_shopday"  # moved from the project package: its table kept
        constraints = [models.UniqueConstraint(fields=["date", "shop"], name="one_shop_day")]
