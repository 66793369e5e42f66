"""Reads for the storefront: which shops and products residents see, with what they show.

Every list here is fetched with its relations prefetched, so a page costs the same number of queries
for one shop or a hundred.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from shops.display import describe_status
from shops.hours import ShopStatus
from shops.models import CounterOffer, OpeningHours, Partner, ProductDetails, ShopCategory
from shops.product_details import ALLERGEN_CODES, LABEL_CODES, code_filter
from textsearch import selectors as textsearch

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

SALES_MODES = ("click_collect", "delivery", "call_collect", "in_store")


@dataclass(frozen=True)
class ShopListing:
    """A shop as a card shows it: the shop, its status now and that status in words."""

    shop: Partner
    status: ShopStatus
    status_text: str


@dataclass(frozen=True)
class DirectoryFilters:
    category: str = ""  # ShopCategory slug
    mode: str = ""  # one of SALES_MODES
    open_now: bool = False
    query: str = ""


def town_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def storefront_shops() -> QuerySet[Partner]:
    """Approved shops with what their cards need (category, hours, closures) prefetched."""
    return (
        Partner.objects.on_storefront()
        .select_related("category")
        .prefetch_related("opening_hours", "closures")
        .order_by("name", "pk")  # two shops of one name keep their place from one directory page to the next
    )


def shop_listings(shops: QuerySet[Partner] | list[Partner], *, at: dt.datetime) -> list[ShopListing]:
    zone = town_zone()
    listings = []
    for shop in shops:
        status = shop.status_at(at)
        listings.append(ShopListing(shop, status, describe_status(status, at, zone)))
    return listings


def shop_directory(*, filters: DirectoryFilters, at: dt.datetime, page: object, per_page: int) -> Page:
    """One page of the approved shops matching the resident's filters, each with its status at `at`.

    Statuses are computed for the page's shops only, except with "open now": opening depends on
    hours, closures and DST, computed in Python, so then every matching shop's is.
    """
    shops = storefront_shops()
    if filters.category:
        shops = shops.filter(category__slug=filters.category)
    if filters.mode == "in_store":
        shops = shops.filter(offers_click_collect=False, offers_delivery=False, offers_call_collect=False)
    elif filters.mode in SALES_MODES:
        shops = shops.filter(**{f"offers_{filters.mode}": True})
    found = textsearch.plan(filters.query) if filters.query.strip() else None
    if found is not None:
        # The storefront search's rules (accents, plurals, typos), best match first.
        shops = textsearch.matching(shops, found).order_by("search_place", "-search_rank", "name", "pk")
    if filters.open_now:
        listings = [listing for listing in shop_listings(shops, at=at) if listing.status.is_open]
        return Paginator(listings, per_page).get_page(page)
    shop_page = Paginator(shops, per_page).get_page(page)
    shop_page.object_list = shop_listings(shop_page.object_list, at=at)
    return shop_page


def open_now_q(at: dt.datetime) -> Q:
    """Shops with an opening range around `at` (today's, or yesterday's running past midnight).

    A superset of the shops open at `at` (closures and "temporarily closed" are left to
    `status_at`), read by the database so the home page decides for a few shops, not all of them.
    """
    local = at.astimezone(town_zone())
    now, today = local.time(), local.weekday()
    runs_past_midnight = Q(closes__lte=F("opens"))
    ranges = OpeningHours.objects.filter(shop=OuterRef("pk")).filter(
        Q(weekday=today, opens__lte=now) & (Q(closes__gt=now) | runs_past_midnight)
        | Q(weekday=(today - 1) % 7, closes__gt=now) & runs_past_midnight
    )
    return Q(Exists(ranges), temporarily_closed=False)


def open_shop_listings(*, at: dt.datetime, limit: int) -> list[ShopListing]:
    # A few more candidates than shown: a closure may still close one of them today.
    candidates = storefront_shops().filter(open_now_q(at))[: limit * 2]
    return [listing for listing in shop_listings(candidates, at=at) if listing.status.is_open][:limit]


def shop_categories_with_shops() -> QuerySet[ShopCategory]:
    """Categories that have at least one approved shop, with how many."""
    return ShopCategory.objects.annotate(
        shop_count=Count("shops", filter=Q(shops__approval=Partner.Approval.APPROVED))
    ).filter(shop_count__gt=0)


def storefront_shop(slug: str) -> Partner:
    """The approved shop with this slug (its Oscar code); raises Partner.DoesNotExist otherwise."""
    return storefront_shops().get(code=slug)


def sold_on_storefront_q() -> Q:
    """Products stocked by an approved shop: what residents may see, in lists and on product pages."""
    approved_stock = StockRecord.objects.filter(
        product=OuterRef("pk"), partner__approval=Partner.Approval.APPROVED
    )
    # A product its merchant hid for today ("sold out at the counter") comes back the next morning.
    hidden_today = ProductDetails.objects.filter(product=OuterRef("pk"), hidden_on=timezone.localdate())
    # A quick offer "today at my counter" leaves once its pickup window has ended.
    offer_ended = CounterOffer.objects.filter(product=OuterRef("pk"), pickup_until__lte=timezone.now())
    return Q(Exists(approved_stock)) & ~Q(Exists(hidden_today)) & ~Q(Exists(offer_ended))


def storefront_products() -> QuerySet:
    """Browsable products sold by an approved shop, ready for product cards (prices, shop, images)."""
    # Oscar's base_queryset (its option annotations spare a query per card), with each stock record's
    # shop joined to it: one query less per list.
    return (
        Product.objects.browsable()
        .base_queryset()
        .filter(sold_on_storefront_q())
        .select_related("details")
        .prefetch_related(None)
        .prefetch_related(
            "children",
            "product_options",
            "product_class__options",
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
            "images",
        )
    )


def is_sold_on_storefront(product: Product) -> bool:
    return Product.objects.filter(sold_on_storefront_q(), pk=product.pk).exists()


def shop_products(shop: Partner) -> QuerySet:
    return storefront_products().filter(stockrecords__partner=shop).order_by("title", "pk")


def products_food_filter(products: QuerySet, *, without: list[str], labels: list[str]) -> QuerySet:
    """Products free of every allergen in `without` and holding every label in `labels`."""
    return products.filter(food_q(without=without, labels=labels))


def food_q(*, without: list[str], labels: list[str]) -> Q:
    """Free of every allergen in `without`, holding every label in `labels` (unknown codes ignored):
    the filter of a shop's page, the catalogue and search results (catalogue.search_handlers).

    A product whose merchant declared nothing is not listed as free of anything: only what is
    declared (ProductDetails) counts, so a resident avoiding gluten is never shown an unknown.
    """
    condition = Q()
    for code in sorted(set(without) & ALLERGEN_CODES):
        declared = ProductDetails.objects.filter(product=OuterRef("pk"))
        condition &= Q(Exists(declared.exclude(allergens__contains=code_filter(code))))
    for code in sorted(set(labels) & LABEL_CODES):
        condition &= Q(
            Exists(ProductDetails.objects.filter(product=OuterRef("pk"), labels__contains=code_filter(code)))
        )
    return condition


def new_products(*, limit: int) -> list:
    return list(storefront_products().order_by("-date_created", "-pk")[:limit])
