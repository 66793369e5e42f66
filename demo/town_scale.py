"""The town scale: `seed_demo --shops N --products M` adds N generated approved shops of M products each.

Specs only (no ORM), like demo.specs: "Boutique 137 — Primeur", its street, contact and stock drawn
from a generator seeded by its code, its pictures shared with the other shops of its category.
"""

from __future__ import annotations

import random

from django.utils.text import slugify

from demo.data import CATEGORIES, CITY, FIRST_NAMES, GROCER_DELIVERY, LAST_NAMES, STREETS
from demo.specs import ShopSpec, parse_week, phone_for, shop_products, siret_for


def scale_shop_specs(count: int, products: int) -> list[ShopSpec]:
    """`count` generated approved shops ("Boutique 137 — Primeur") of `products` products each."""
    specs = []
    for number in range(1, count + 1):
        category = CATEGORIES[number % len(CATEGORIES)]
        name = f"Boutique {number} — {category.name}"
        code = slugify(name)
        rng = random.Random(code)
        specs.append(
            ShopSpec(
                name=name,
                code=code,
                category=category,
                description=f"{category.name} de quartier à {CITY}.",
                street=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                phone=phone_for(rng),
                website="",
                contact_first_name=rng.choice(FIRST_NAMES),
                contact_last_name=rng.choice(LAST_NAMES),
                siret=siret_for(rng),
                click_collect=number % 7 != 0,
                delivery=GROCER_DELIVERY if number % 3 == 0 else None,
                call_collect=number % 5 == 0,
                preparation_minutes=rng.choice([30, 60, 120]),
                slot_minutes=rng.choice([15, 30, 60]),
                slot_capacity=rng.choice([2, 4, 8]),
                hours=parse_week(category.hours),
                logo=f"demo/pool/{category.slug}-logo.jpg",
                photo=f"demo/pool/{category.slug}-photo.jpg",
                picture_label=category.name,
                products=shop_products(code, category, category.menu, rng, count=products),
                events=["applied", "approved"],
            )
        )
    return specs
