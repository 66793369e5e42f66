"""The town hall's oversight dashboard with 250 shops and 50,000 past orders, page and exports.

    python -m bench oversight [--runs 50] [--shops 250] [--orders 50000]

The data (a year of orders, one in ten taken by phone, one pickup in twenty at a town pickup point,
one order in ten partly paid by a gift voucher, 70 % of them made ready, those still waiting
after a week cancelled as housekeeping does, residents joining all year, the town hall's
decisions on every shop) is bulk-created in the throwaway PostgreSQL database. Each page is
fetched through Django's test client as a town hall member: the dashboard for the default period
(last 30 days), for a whole year, each CSV export of the default period, and the town hall log
(first page, one shop's, its CSV). Ended orders are read from the shops' and the town's days, as
beat leaves them (oversight/rollup.py): the run first times the whole year counted
from the orders alone, then adding every ended order to its days. Baselines in the
same run: Oscar's own dashboard index for the same user, and a plain `SELECT count(*)` of the
orders. Target (issue 6): p95 ≤ 150 ms per page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from decimal import Decimal

from bench.harness import report, setup_django, throwaway_database, timed

DAYS = 365


def build(*, shops: int, orders: int) -> None:
    """Bulk-create categories, shops and their approvals, residents, checkouts, orders and their
    "ready" status changes."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from oscar.core.loading import get_model

    from orders.models import Channel, Checkout, Fulfilment, Order, Status
    from shops.models import Partner, ShopCategory, ShopEvent

    order_discount = get_model("order", "OrderDiscount")
    line_model = get_model("order", "Line")
    line_discount = get_model("order", "OrderLineDiscount")
    status_change = get_model("order", "OrderStatusChange")
    user_model = get_user_model()
    rng = random.Random(6)
    now = timezone.now()

    categories = ShopCategory.objects.bulk_create(
        ShopCategory(name=f"Catégorie {n}", slug=f"categorie-{n}") for n in range(12)
    )
    shop_rows = Partner.objects.bulk_create(
        Partner(
            name=f"Boutique {n}",
            code=f"boutique-{n}",
            category=categories[n % len(categories)],
            approval=Partner.Approval.APPROVED if n % 25 else Partner.Approval.PENDING,
        )
        for n in range(shops)
    )
    # The town hall log: each shop approved, one in ten suspended then reinstated, over the year.
    decisions = [
        (ShopEvent.Action.APPROVED, 360),
        (ShopEvent.Action.SUSPENDED, 200),
        (ShopEvent.Action.REINSTATED, 190),
    ]
    ShopEvent.objects.bulk_create(
        ShopEvent(shop=shop, action=action, reason="Bench", created_at=now - dt.timedelta(days=days))
        for n, shop in enumerate(shop_rows)
        for action, days in decisions[: 3 if n % 10 == 0 else 1]
    )
    residents = user_model.objects.bulk_create(
        user_model(
            username=f"resident{n}@example.com",
            email=f"resident{n}@example.com",
            password="!",
            date_joined=now - dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60)),
        )
        for n in range(orders // 10)
    )
    # A year of orders; statuses as a town would see them, most of them handed over.
    statuses = [Status.COLLECTED] * 12 + [Status.DELIVERED] * 3 + [Status.CANCELLED, Status.READY]
    placed_at = [now - dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60)) for _ in range(orders)]
    # One checkout per order, written with it, as most baskets hold one shop; one pickup in ten by phone.
    checkouts = Checkout.objects.bulk_create(
        (
            Checkout(
                email="bench@example.com",
                channel=Channel.PHONE if n % 10 == 1 else Channel.WEB,
                created_at=placed,
            )
            for n, placed in enumerate(placed_at)
        ),
        batch_size=5000,
    )
    # Housekeeping cancels what waits uncollected days after its slot (at most 30, 3 by default):
    # only the last week's orders may still be waiting.
    waiting_since = now - dt.timedelta(days=7)
    order_rows, uncollected = [], []
    for n, placed in enumerate(placed_at):
        delivery = n % 5 == 0
        status = rng.choice(statuses)
        if delivery and status in (Status.COLLECTED, Status.READY):
            status = Status.DELIVERED
        fulfilment = Fulfilment.DELIVERY if delivery else Fulfilment.PICKUP
        if n % 20 == 7:  # at a pickup point: dropped there rather than ready in store
            fulfilment = Fulfilment.PICKUP_POINT
            status = Status.DROPPED if status == Status.READY else status
        if status in (Status.READY, Status.DROPPED) and placed < waiting_since:
            uncollected.append((n, status))
            status = Status.CANCELLED
        total = Decimal(rng.randrange(300, 9000)) / 100
        order_rows.append(
            Order(
                number=f"B{n:07d}",
                currency="EUR",
                total_incl_tax=total,
                total_excl_tax=total,
                status=status,
                date_placed=placed,
                shop=shop_rows[rng.randrange(shops)],
                user=residents[rng.randrange(len(residents))],
                checkout=checkouts[n],
                fulfilment=fulfilment,
                slot_start=placed + dt.timedelta(hours=3),
                slot_end=placed + dt.timedelta(hours=3, minutes=30),
            )
        )
    Order.objects.bulk_create(order_rows, batch_size=5000)
    # The town owes a voucher share line by line (orders.models.voucher_shares_owed): each voucher
    # order gets one line carrying its share.
    paid_by_voucher = [order for n, order in enumerate(order_rows) if n % 10 == 3]
    discounts = order_discount.objects.bulk_create(
        (
            order_discount(order=order, voucher_id=n, voucher_code=f"BENCH{n}", amount=Decimal("5.00"))
            for n, order in enumerate(paid_by_voucher)
        ),
        batch_size=5000,
    )
    lines = line_model.objects.bulk_create(
        (
            line_model(
                order=order,
                partner=order.shop,
                partner_name=order.shop.name,
                title="Article",
                quantity=1,
                line_price_incl_tax=order.total_incl_tax,
                line_price_excl_tax=order.total_excl_tax,
                line_price_before_discounts_incl_tax=order.total_incl_tax + 5,
                line_price_before_discounts_excl_tax=order.total_excl_tax + 5,
                num_allocated=0,
            )
            for order in paid_by_voucher
        ),
        batch_size=5000,
    )
    line_discount.objects.bulk_create(
        (
            line_discount(line=line, order_discount=discount, is_incl_tax=True, amount=discount.amount)
            for line, discount in zip(lines, discounts, strict=True)
        ),
        batch_size=5000,
    )
    made_ready = {n for n, waited in uncollected if waited == Status.READY}
    ready = [
        status_change(order=order, old_status=Status.ACCEPTED, new_status=Status.READY)
        for n, order in enumerate(order_rows)
        if order.fulfilment == Fulfilment.PICKUP and (order.status != Status.CANCELLED or n in made_ready)
    ]
    cancelled_waiting = [
        status_change(order=order_rows[n], old_status=waited, new_status=Status.CANCELLED)
        for n, waited in uncollected
    ]
    status_change.objects.bulk_create(ready + cancelled_waiting, batch_size=5000)
    # `date_created` is auto_now_add: bulk creation stamps now, so date each change after its order.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE order_orderstatuschange AS change
            SET date_created = o.date_placed + (20 + o.id %% 100) * interval '1 minute'
                + CASE WHEN change.new_status = %s THEN interval '4 days' ELSE interval '0' END
            FROM order_order AS o WHERE o.id = change.order_id
            """,
            [Status.CANCELLED],
        )
        # As autovacuum would: the update left dead rows that indexes would still visit.
        cursor.execute("VACUUM ANALYZE")


def run(*, runs: int, shops: int, orders: int) -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from core.roles import ensure_town_hall_group
    from orders.models import Order
    from oversight.exports import TABLES
    from oversight.rollup import shop_days_catch_up
    from shops.factories import UserFactory
    from shops.models import Partner

    # Pages are rendered without `collectstatic`: static URLs need no manifest here.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with throwaway_database(), override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
        build(shops=shops, orders=orders)
        user = UserFactory(email="mairie@example.com", is_staff=True)
        user.groups.add(ensure_town_hall_group())
        client = Client()
        client.force_login(user)

        def get(url: str, query: dict | None = None):
            def fetch() -> None:
                response = client.get(url, query or {})
                assert response.status_code == 200, (url, response.status_code)

            return fetch

        def count_orders() -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM order_order")
                cursor.fetchone()

        first_shop = Partner.objects.order_by("pk").values_list("pk", flat=True).first()
        year = {"start": (Order.objects.earliest("date_placed").date_placed.date()).isoformat()}
        print(f"{shops} shops, {orders} orders over {DAYS} days")
        whole_year_live = get(reverse("dashboard:oversight-index"), year)
        for _ in range(3):
            whole_year_live()
        report(
            "before shop days: a whole year, every order read",
            [timed(whole_year_live) for _ in range(runs)],
        )
        added = []
        seconds = timed(lambda: added.append(shop_days_catch_up())) / 1000
        print(f"shop days: {added[0]} ended orders added in {seconds:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after that many updates
        pages = {
            "oversight dashboard, last 30 days": get(reverse("dashboard:oversight-index")),
            "oversight dashboard, a whole year": get(reverse("dashboard:oversight-index"), year),
            **{
                f"export {name}.csv, last 30 days": get(
                    reverse("dashboard:oversight-export", kwargs={"table": name})
                )
                for name in TABLES
            },
            "town hall log, first page": get(reverse("dashboard:oversight-audit")),
            "town hall log, one shop": get(reverse("dashboard:oversight-audit"), {"shop": first_shop}),
            "town hall log CSV": get(reverse("dashboard:oversight-audit-export")),
            "baseline: Oscar's dashboard index": get(reverse("dashboard:index")),
            "baseline: SELECT count(*) FROM order_order": count_orders,
        }
        for fetch in pages.values():  # warm-up: templates, caches, first-query costs
            for _ in range(3):
                fetch()
        samples: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(runs):  # interleaved, so every page sees the same machine conditions
            for name, fetch in pages.items():
                samples[name].append(timed(fetch))
        for name, values in samples.items():
            figures = report(name, values)
            if not name.startswith("baseline") and figures["p95_ms"] > 150:
                print(f"  over the 150 ms target: {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--shops", type=int, default=250)
    parser.add_argument("--orders", type=int, default=50_000)
    options = parser.parse_args(argv)
    run(runs=options.runs, shops=options.shops, orders=options.orders)
