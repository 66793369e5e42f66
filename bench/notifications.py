"""Order "ready" notifications through Redis and a real Celery worker, to a real SMTP server.

    python -m bench notifications [--latency-runs 100] [--drain 1000] [--concurrency 8] [--relay-delay-ms 0]

Latency runs from the commit of the "ready" transition to the moment the SMTP server
(aiosmtpd, in this process) receives the message, one order at a time. Drain: that many
orders marked ready back to back while no worker runs (their tasks wait in Redis, as after
a burst or an outage), then a fresh worker started; timed from the first message received
to the last, so neither the commits nor the worker's start-up count.
Baseline in the same run: Django's plain `send_mail` to the same server, synchronously.
Targets (issue 4): p95 ≤ 1 s; 1,000 drained in ≤ 20 s on 2 cores. Needs PostgreSQL and Redis
(REDIS_URL, default the local one); the worker runs the deployed app (`celery -A marketplace`).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.harness import report, setup_django, throwaway_database, timed

SHOPS_PER_CHECKOUT = 10
MESSAGE_ID = re.compile(rb"^Message-ID: <([^@>]+)", re.MULTILINE | re.IGNORECASE)  # up to the @


class Receiver:
    """An aiosmtpd handler noting when each message arrived, by its Message-ID (the outbox key)."""

    def __init__(self, *, delay_s: float = 0) -> None:
        self.received: dict[str, float] = {}
        self.changed = threading.Condition()
        self.delay_s = delay_s

    async def handle_DATA(self, server, session, envelope) -> str:
        arrived = time.time()
        if self.delay_s:  # a distant relay answers later; other connections go on meanwhile
            await asyncio.sleep(self.delay_s)
        match = MESSAGE_ID.search(envelope.content)
        with self.changed:
            self.received[match.group(1).decode() if match else uuid.uuid4().hex] = arrived
            self.changed.notify_all()
        return "250 OK"

    def wait(self, message_ids: list[str], *, timeout: float) -> list[float]:
        """Arrival times of these messages, once all arrived."""
        with self.changed:
            if not self.changed.wait_for(lambda: all(m in self.received for m in message_ids), timeout):
                missing = sum(m not in self.received for m in message_ids)
                raise TimeoutError(f"{missing} of {len(message_ids)} messages not received in {timeout} s")
            return [self.received[m] for m in message_ids]


def worker_cpu_seconds(worker) -> float:
    """CPU time used so far by a worker and its pool processes (Linux /proc), to compare loaded runs."""
    total = 0
    for pid in [worker.process.pid, *worker.pool_pids()]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def run(*, latency_runs: int, drain: int, concurrency: int | None, relay_delay_ms: int) -> None:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    setup_django()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.contrib.sites.models import Site
    from django.core.mail import send_mail
    from django.db import connection, transaction
    from django.utils import timezone
    from oscar.core.loading import get_class, get_model

    from marketplace.celery import app
    from orders import services
    from orders.events import Event
    from orders.models import Order, OutboxMessage
    from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
    from shops.factories import ProductFactory, ShopFactory
    from tests.conftest import free_port
    from tests.worker import CeleryWorker, database_url, sending_to

    basket_model = get_model("basket", "Basket")
    selector = get_class("partner.strategy", "Selector")

    receiver = Receiver(delay_s=relay_delay_ms / 1000)
    port = free_port()
    smtp = Controller(receiver, hostname="127.0.0.1", port=port, server_hostname="bench.local")
    smtp.start()
    # The outbox's relay, and the baseline's direct backend (EMAIL_BACKEND itself writes to the outbox).
    settings.EMAIL_RELAY_BACKEND = settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    concurrency = concurrency or settings.CELERY_WORKER_CONCURRENCY
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    queue = f"bench-outbox-{uuid.uuid4().hex[:8]}"
    log = Path(tempfile.gettempdir()) / f"{queue}.log"

    with throwaway_database(), sending_to(app, queue=queue):
        Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "marche.example.com"})
        # Shops open every day all day, so the run finds slots whatever the hour.
        shops = [
            ShopFactory(
                hours=False, preparation_minutes=0, slot_capacity=10_000, email=f"shop{n}@example.com"
            )
            for n in range(SHOPS_PER_CHECKOUT)
        ]
        for shop in shops:
            for weekday in range(7):
                shop.opening_hours.create(weekday=weekday, opens=dt.time(0), closes=dt.time(0))
        products = [ProductFactory(shop=shop, stock=100_000) for shop in shops]
        # A slot an hour ahead, still offered when the last of the orders is placed minutes later.
        later = timezone.now() + dt.timedelta(hours=1)
        slots = {
            shop.pk: next(slot.start for slot in shop_slots(shop, now=timezone.now()) if slot.start >= later)
            for shop in shops
        }

        print(f"Placing {latency_runs + drain} orders (no worker yet)…")
        for n in range(-(-(latency_runs + drain) // SHOPS_PER_CHECKOUT)):
            basket = basket_model.objects.create()
            basket.strategy = selector().strategy()
            for product in products:
                basket.add_product(product, 1)
            checkout_place(
                basket=basket,
                choices={pk: FulfilmentChoice(slot_start=start) for pk, start in slots.items()},
                contact=Contact(email=f"resident{n}@example.com"),
                user=None,
            )
        orders = list(Order.objects.order_by("pk")[: latency_runs + drain])
        for order in orders:
            services.order_accept(order=order)
        # Only the "ready" messages are measured: what placing and accepting queued is set aside.
        OutboxMessage.objects.update(state=OutboxMessage.State.SENT)
        with app.connection_for_write() as broker:
            broker.default_channel.queue_purge(queue)

        def start_worker() -> CeleryWorker:
            return CeleryWorker(
                queue=queue,
                database_url=database_url(connection.settings_dict),
                redis_url=settings.REDIS_URL,
                email_url=f"smtp://127.0.0.1:{port}",
                log=log,
                concurrency=concurrency,
                tuned_for_tests=False,
            ).start()

        committed: dict[int, float] = {}

        def mark_ready(order: Order) -> str:
            with transaction.atomic():
                # Registered first, so it runs first once the transition has committed.
                transaction.on_commit(lambda: committed.__setitem__(order.pk, time.time()))
                services.order_mark_ready(order=order)
            key = OutboxMessage.objects.get(order=order, event=Event.ORDER_READY).key
            return key.replace(":", ".")  # as notifications._build_email writes it

        latency_orders, drain_orders = orders[:latency_runs], orders[latency_runs:]
        worker = start_worker()
        try:
            for order in latency_orders[:5]:  # warm-up: the pool's first connections and templates
                receiver.wait([mark_ready(order)], timeout=30)
            latencies = []
            for order in latency_orders[5:]:
                [arrived] = receiver.wait([mark_ready(order)], timeout=30)
                latencies.append((arrived - committed[order.pk]) * 1000)
        finally:
            worker.stop()
        started = time.time()
        message_ids = [mark_ready(order) for order in drain_orders]
        committing_s = time.time() - started
        worker = start_worker()
        try:
            cpu_before = worker_cpu_seconds(worker)
            arrivals = receiver.wait(message_ids, timeout=600)
            worker_cpu_ms = (worker_cpu_seconds(worker) - cpu_before) * 1000 / drain
        finally:
            worker.stop()

        # Baseline: the same server, a plain synchronous send_mail per message.
        plain = [
            timed(lambda: send_mail("Baseline", "Votre commande est prête.", None, ["r@example.com"]))
            for _ in range(len(latencies))
        ]
        baseline_drain = sum(
            timed(lambda: send_mail("Baseline", "Votre commande est prête.", None, ["r@example.com"]))
            for _ in range(drain)
        )
    smtp.stop()

    print(
        f"worker: celery -A marketplace, prefork concurrency {concurrency}, {os.cpu_count()} cores; "
        f"mail server answering after {relay_delay_ms} ms"
    )
    ours = report("ready → received (outbox, Redis, worker)", latencies)
    report("baseline: send_mail, synchronous", plain)
    drain_s = max(arrivals) - min(arrivals)
    print(
        f"drain {drain} queued ready events: first to last received in {drain_s:.1f} s "
        f"({drain / drain_s:.0f} messages/s); committing them took {committing_s:.1f} s"
    )
    print(
        f"worker CPU per message: {worker_cpu_ms:.1f} ms (all its processes), so at best "
        f"{worker_cpu_ms * drain / 1000 / os.cpu_count():.1f} s for {drain} on {os.cpu_count()} idle cores"
    )
    print(f"baseline: {drain} synchronous send_mail calls in {baseline_drain / 1000:.1f} s")
    drain_target_s = 20 * drain / 1000
    print(
        f"targets: p95 {ours['p95_ms']:.0f} ms ≤ 1000 ms {'OK' if ours['p95_ms'] <= 1000 else 'MISSED'}; "
        f"drain {drain_s:.1f} s ≤ {drain_target_s:.0f} s {'OK' if drain_s <= drain_target_s else 'MISSED'}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-runs", type=int, default=100)
    parser.add_argument("--drain", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, help="worker processes (default: as deployed)")
    parser.add_argument(
        "--relay-delay-ms", type=int, default=0, help="the mail server answers each message this much later"
    )
    options = parser.parse_args(argv)
    run(
        latency_runs=options.latency_runs,
        drain=options.drain,
        concurrency=options.concurrency,
        relay_delay_ms=options.relay_delay_ms,
    )
