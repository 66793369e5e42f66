"""Placement of a three-shop basket with pickup slots, against Oscar's own single-shop placement.

    python -m bench placement [--runs 200]

Both run in the same process on the same throwaway PostgreSQL database, alternating, so the
figures compare like with like. Placement queues its confirmations to Redis (REDIS_URL, default
the local one) as deployed, on a queue of its own emptied afterwards; no worker sends them, so
the residents' wait is what is timed, not their mail. Target (issue 3): our p95 ≤ 150 ms and ≤ 2×
Oscar's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import uuid
from decimal import Decimal

from bench.harness import report, setup_django, throwaway_database, timed


def run(runs: int) -> None:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    setup_django()
    from django.utils import timezone
    from oscar.apps.shipping.methods import NoShippingRequired
    from oscar.core import prices
    from oscar.core.loading import get_class, get_model

    from marketplace.celery import app
    from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
    from shops.factories import ProductFactory, ShopFactory
    from tests.worker import sending_to

    basket_model = get_model("basket", "Basket")
    selector = get_class("partner.strategy", "Selector")
    order_creator = get_class("order.utils", "OrderCreator")

    queue = f"bench-placement-{uuid.uuid4().hex[:8]}"
    with throwaway_database(), sending_to(app, queue=queue):
        # Shops open every day all day, so the run finds slots whatever the hour.
        shops = [ShopFactory(slot_capacity=runs + 20, preparation_minutes=0, hours=False) for _ in range(3)]
        for shop in shops:
            for weekday in range(7):
                shop.opening_hours.create(weekday=weekday, opens=dt.time(0), closes=dt.time(0))
        products = [
            ProductFactory(shop=shop, stock=10 * (runs + 20), price=Decimal("3.20")) for shop in shops
        ]
        extra = [ProductFactory(shop=shops[0], stock=10 * (runs + 20)) for _ in range(2)]
        now = timezone.now()
        slot_cycle = {
            shop.pk: itertools.cycle([s.start for s in shop_slots(shop, now=now)][:10]) for shop in shops
        }

        def basket_of(items) -> object:
            basket = basket_model.objects.create()
            basket.strategy = selector().strategy()
            for product in items:
                basket.add_product(product, 2)
            return basket

        def ours() -> None:
            basket = basket_of(products)
            choices = {shop.pk: FulfilmentChoice(slot_start=next(slot_cycle[shop.pk])) for shop in shops}
            contact = Contact(email="bench@example.com", phone="0600000000")
            return lambda: checkout_place(basket=basket, choices=choices, contact=contact, user=None)

        numbers = itertools.count(1)

        def oscars() -> None:
            basket = basket_of([products[0], *extra])
            total = prices.Price("EUR", excl_tax=basket.total_excl_tax, incl_tax=basket.total_incl_tax)
            free = prices.Price("EUR", excl_tax=Decimal(0), incl_tax=Decimal(0))
            return lambda: order_creator().place_order(
                basket=basket,
                total=total,
                shipping_method=NoShippingRequired(),
                shipping_charge=free,
                order_number=f"OSCAR-{next(numbers)}",
                status="Placed",
            )

        for _ in range(10):  # warm-up: caches, connections, first-query costs
            ours()()
            oscars()()
        three_shops, single_shop = [], []
        for _ in range(runs):
            place = ours()
            three_shops.append(timed(place))
            place = oscars()
            single_shop.append(timed(place))
        with app.connection_for_write() as broker:
            broker.default_channel.queue_purge(queue)
        ours_figures = report("three-shop checkout (ours, pickup slots)", three_shops)
        base = report("single-shop order (Oscar's OrderCreator)", single_shop)
        print(f"ratio p95 ours/Oscar: {ours_figures['p95_ms'] / base['p95_ms']:.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    run(parser.parse_args(argv).runs)
