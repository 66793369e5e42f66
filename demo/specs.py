"""The demo shops as specs: the plain values the shop builder writes, made from the town's data.

Plain values (no query): every random choice is seeded by the shop's code, so a shop gets the same phone,
contact, SIRET, stock and slots on every run. Generated shops for the town scale are demo.town_scale.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from demo.data import (
    CATEGORY_BY_SLUG,
    FIRST_NAMES,
    LAST_NAMES,
    SHOPS,
    CategoryData,
    DeliveryTerms,
)
from demo.menus import MENUS, SOLD_BY_WEIGHT
from shops.models import Partner
from shops.validators import luhn_valid


@dataclass(frozen=True)
class ProductSpec:
    title: str
    price: Decimal
    breadcrumb: str
    stock: int
    image: str  # storage name of the picture, drawn if missing
    image_title: str  # what the picture shows: files are shared by products of the same template
    # Sold by weight (demo.menus.SOLD_BY_WEIGHT): its price is per kg; `piece_grams` as in ProductDetails.
    sold_by_weight: bool = False
    piece_grams: int | None = None


@dataclass(frozen=True)
class ShopSpec:
    name: str
    code: str
    category: CategoryData
    description: str
    street: str
    phone: str
    website: str
    contact_first_name: str
    contact_last_name: str
    siret: str
    click_collect: bool
    delivery: DeliveryTerms | None  # None: no delivery
    call_collect: bool
    preparation_minutes: int
    slot_minutes: int
    slot_capacity: int
    hours: dict[int, list[tuple[dt.time, dt.time]]]
    logo: str
    photo: str
    picture_label: str  # what the logo and shop front show: the shop's name, or its category's for a pool
    products: list[ProductSpec]
    approval: str = Partner.Approval.APPROVED
    approval_reason: str = ""
    closed_message: str = ""
    closure: str = ""
    events: list[str] = field(default_factory=list)

    @property
    def email(self) -> str:
        return f"{self.code}@example.com"


def parse_time(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def parse_week(spec: dict[str, str]) -> dict[int, list[tuple[dt.time, dt.time]]]:
    """`{"1-5": "7:00-13:30, 15:30-19:30"}` → {1: [(7:00, 13:30), (15:30, 19:30)], …, 5: […]}."""
    week: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for days, ranges in spec.items():
        first, _, last = days.partition("-")
        parsed = [tuple(map(parse_time, r.strip().split("-"))) for r in ranges.split(",")]
        for weekday in range(int(first), int(last or first) + 1):
            week[weekday] = parsed  # type: ignore[assignment]
    return week


def siret_for(rng: random.Random) -> str:
    """A SIRET number with a valid checksum, so the town hall's forms accept it."""
    base = "".join(str(rng.randint(0, 9)) for _ in range(13))
    return next(base + str(d) for d in range(10) if luhn_valid(base + str(d)))


def phone_for(rng: random.Random) -> str:
    return f"01 30 24 {rng.randint(10, 99)} {rng.randint(10, 99)}"


def stock_for(rng: random.Random) -> int:
    # About one product in twelve is sold out, as on a real Saturday afternoon.
    return 0 if rng.random() < 0.08 else rng.randint(3, 60)


def shop_products(
    code: str, category: CategoryData, menu: str, rng: random.Random, count: int | None = None
) -> list[ProductSpec]:
    """The shop's products from `menu`; `count` beyond the menu cycles it with reference numbers.

    Demo shops (count None) get one picture file each, so a merchant deleting a picture deletes
    only theirs; generated shops share a pool of files, one per menu item.
    """
    items = MENUS[menu]
    specs = []
    for index in range(len(items) if count is None else count):
        title, price, sub_category = items[index % len(items)]
        if count is None:
            image = f"demo/products/{code}/{slugify(title)}.jpg"
        else:
            image = f"demo/pool/{category.slug}/{slugify(title)}.jpg"
            if index >= len(items):
                title = f"{title} — réf. {index + 1}"
        specs.append(
            ProductSpec(
                title=title,
                price=Decimal(price),
                breadcrumb=f"{category.name} > {sub_category}",
                stock=stock_for(rng),
                image=image,
                image_title=items[index % len(items)][0],
                sold_by_weight=items[index % len(items)][0] in SOLD_BY_WEIGHT,
                piece_grams=SOLD_BY_WEIGHT.get(items[index % len(items)][0]),
            )
        )
    return specs


def demo_shop_specs() -> list[ShopSpec]:
    """The hand-written shops of the demo town."""
    specs = []
    for data in SHOPS:
        code = slugify(data.name)
        category = CATEGORY_BY_SLUG[data.category]
        rng = random.Random(code)
        events = ["applied"]
        if data.approval != Partner.Approval.PENDING:
            events.append("approved")
        if data.approval == Partner.Approval.SUSPENDED:
            events.append("suspended")
        specs.append(
            ShopSpec(
                name=data.name,
                code=code,
                category=category,
                description=data.description,
                street=data.street,
                phone=phone_for(rng),
                website=f"https://{code}.example.com" if data.website else "",
                contact_first_name=rng.choice(FIRST_NAMES),
                contact_last_name=rng.choice(LAST_NAMES),
                siret=siret_for(rng),
                click_collect=data.click_collect,
                delivery=data.delivery,
                call_collect=data.call_collect,
                preparation_minutes=rng.choice([30, 60, 60, 120, 24 * 60]),
                slot_minutes=rng.choice([15, 30, 30, 60]),
                slot_capacity=rng.choice([2, 4, 4, 6, 10]),
                hours=parse_week(category.hours if data.hours is None else data.hours),
                logo=f"demo/shops/{code}-logo.jpg",
                photo=f"demo/shops/{code}-photo.jpg",
                picture_label=data.name,
                products=shop_products(code, category, data.menu or category.menu, rng),
                approval=data.approval,
                approval_reason=data.approval_reason,
                closed_message=data.closed_message,
                closure=data.closure,
                events=events,
            )
        )
    return specs
