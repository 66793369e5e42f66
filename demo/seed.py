"""Seeding the demo town of Viroflay (`manage.py seed_demo`), read top to bottom.

`demo_seed` is idempotent: a shop is identified by its code (slug); shops already present are left
alone, so re-running adds nothing. Shops are built in bulk, 25 at a time, each batch in one
transaction, so the town-scale seed (`shops=250, products=100`) takes seconds, not hours.

The town is data (demo.data, demo.menus), turned into shop specs (demo.specs, demo.town_scale) and
written by builders per domain: demo.accounts, demo.shops, demo.townhall, demo.markets,
demo.pickup_points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from accompaniment.demo import seed_accompaniment
from checkout.demo import seed_people_not_online
from community.demo import seed_community
from demo.accounts import accounts_ensure, demo_password_hash
from demo.markets import markets_ensure
from demo.pickup_points import pickup_point_ensure
from demo.shops import (
    catalogue_categories_ensure,
    closures_refresh,
    delivery_zones_refresh,
    materialised_view_refresh,
    pictures_ensure,
    shop_categories_ensure,
    shops_build,
)
from demo.specs import demo_shop_specs
from demo.town_scale import scale_shop_specs
from demo.townhall import announcements_ensure, posts_ensure
from follows.demo import seed_follows
from shops.models import Partner
from shops.products import product_class_for
from surveys.demo import seed_surveys
from workshops.demo import seed_workshops

BATCH_SHOPS = 25


@dataclass
class SeedResult:
    shops_created: int = 0
    products_created: int = 0
    merchant_emails: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]


def demo_seed(*, shops: int = 0, products: int = 20, progress: Progress | None = None) -> SeedResult:
    """Seed the demo town, plus `shops` generated shops of `products` products; skip what exists."""
    categories = shop_categories_ensure()
    product_class = product_class_for(always_available=False)
    _resident, mairie = accounts_ensure(password_hash=demo_password_hash())
    demo_specs = demo_shop_specs()
    specs = demo_specs + scale_shop_specs(shops, products)
    existing = set(Partner.objects.filter(code__in=[s.code for s in specs]).values_list("code", flat=True))
    missing = [spec for spec in specs if spec.code not in existing]
    pictures_ensure(specs=missing)
    catalogue = catalogue_categories_ensure(specs=missing)

    result = SeedResult(merchant_emails=[spec.email for spec in demo_specs])
    for start in range(0, len(missing), BATCH_SHOPS):
        batch = missing[start : start + BATCH_SHOPS]
        with transaction.atomic():
            result.products_created += shops_build(
                batch,
                categories=categories,
                catalogue=catalogue,
                product_class=product_class,
                town_hall=mairie,
                password_hash=demo_password_hash(),
            )
        result.shops_created += len(batch)
        if progress:
            progress(result.shops_created, len(missing))
    closures_refresh(specs=demo_specs)
    delivery_zones_refresh(specs=demo_specs)
    announcements_ensure(author=mairie)
    posts_ensure()
    markets_ensure()
    pickup_point_ensure(password_hash=demo_password_hash())
    # The town's digital corner: the manager first (the workshops' phone sign-up is credited to them).
    seed_accompaniment()
    seed_workshops()
    seed_follows()
    seed_community()
    seed_surveys()
    seed_people_not_online()
    if result.products_created:
        materialised_view_refresh()
    return result
