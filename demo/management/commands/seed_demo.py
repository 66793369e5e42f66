"""`manage.py seed_demo`: build the demo town (idempotent), optionally at town scale, and print the logins."""

import time

from django.core.management.base import BaseCommand, CommandParser

from accompaniment.demo import MANAGER_EMAIL
from demo.data import PASSWORD, PICKUP_POINT_STAFF_EMAIL, RESIDENT_EMAIL, TOWN_HALL_EMAIL
from demo.seed import demo_seed
from demo.site_domain import site_ensure
from textsearch.documents import search_documents_rebuild

PROGRESS_EVERY = 25


class Command(BaseCommand):
    help = (
        "Create the demo town of Viroflay: shop categories, shops with hours and products, and demo "
        "accounts (password 'marketplace'). Running it again adds nothing. --shops N adds N generated "
        "shops of --products products each, for load tests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--shops", type=int, default=0, help="Generated shops to add to the demo town.")
        parser.add_argument("--products", type=int, default=20, help="Products of each generated shop.")
        parser.add_argument(
            "--site-domain",
            default="127.0.0.1:8000",
            help="host:port that links in emails lead to (make run passes its own); a domain already "
            "set in the admin's Sites is kept.",
        )

    def handle(self, *args: object, shops: int, products: int, site_domain: str, **options: object) -> None:
        started = time.monotonic()
        result = demo_seed(shops=shops, products=products, progress=self.progress)
        site_ensure(domain=site_domain)
        search_documents_rebuild()  # the town is inserted in bulk, without the save signals search follows
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo town ready: {result.shops_created} shops and {result.products_created} products "
                f"created in {elapsed:.1f} s."
            )
        )
        self.print_logins(result.merchant_emails)

    def progress(self, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stdout.write(f"  {done}/{total} shops built")

    def print_logins(self, merchant_emails: list[str]) -> None:
        rows = [
            ("Resident", RESIDENT_EMAIL),
            ("Town hall", TOWN_HALL_EMAIL),
            ("Pickup point", PICKUP_POINT_STAFF_EMAIL),
            ("Town centre", MANAGER_EMAIL),
            *(("Merchant", email) for email in merchant_emails[:3]),
        ]
        self.stdout.write(f"\nDemo logins (password: {PASSWORD})")
        for role, email in rows:
            self.stdout.write(f"  {role:<12} {email}")
        self.stdout.write(f"  {'Merchant':<12} <shop-slug>@example.com for each of the other shops")
