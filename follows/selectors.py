"""Reads for follows: what a resident follows, and what is new for their weekly digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from oscar.core.loading import get_model

from follows.models import Follow
from markets.calendar import Session
from markets.models import Market
from markets.selectors import next_market_sessions
from shops.models import Partner
from shops.selectors import storefront_products
from townhall.models import MerchantPost

Product = get_model("catalogue", "Product")
DIGEST_DAYS = 7
DIGEST_MARKET_SESSIONS_MAX = 50  # far above a week's sessions: only bounds the reading
DIGEST_PRODUCTS_PER_SHOP = 10


@dataclass
class Digest:
    """A resident's week: new products and posts of the shops they follow, the coming market sessions."""

    products: list = field(default_factory=list)
    posts: list[MerchantPost] = field(default_factory=list)
    market_sessions: list[tuple[Session, Market]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.products or self.posts or self.market_sessions)


def followed_shop_ids(*, user: AbstractBaseUser) -> set[int]:
    return set(Follow.objects.filter(user=user, shop__isnull=False).values_list("shop_id", flat=True))


def follows_markets(*, user: AbstractBaseUser) -> bool:
    return Follow.objects.filter(user=user, shop=None).exists()


def digest_recipients() -> QuerySet:
    """The ids of residents following anything, with an email to write to."""
    return (
        Follow.objects.exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def digest_for(*, user: AbstractBaseUser, until: dt.datetime) -> Digest:
    """What is new in the DIGEST_DAYS before `until` for this resident (read again at sending time)."""
    since = until - dt.timedelta(days=DIGEST_DAYS)
    shop_ids = followed_shop_ids(user=user)
    digest = Digest()
    if shop_ids:
        digest.products = list(
            storefront_products()
            .filter(stockrecords__partner_id__in=shop_ids, date_created__gte=since, date_created__lt=until)
            .order_by("-date_created", "pk")
            .distinct()[: DIGEST_PRODUCTS_PER_SHOP * len(shop_ids)]
        )
        digest.posts = list(
            MerchantPost.objects.published(at=until)
            .filter(shop_id__in=shop_ids, publish_from__gte=since)
            .select_related("shop")
            .order_by("-publish_from")
        )
    if follows_markets(user=user):
        # The coming week's sessions (six a week in a town like ours), not the next N whatever their date.
        today = until.date()
        week_end = today + dt.timedelta(days=DIGEST_DAYS)
        digest.market_sessions = [
            (session, market)
            for session, market in next_market_sessions(today=today, count=DIGEST_MARKET_SESSIONS_MAX)
            if session.date < week_end
        ]
    return digest


def storefront_shop_or_none(*, pk: int) -> Partner | None:
    return Partner.objects.shops_only().filter(pk=pk, approval=Partner.Approval.APPROVED).first()
