"""Reads for the shop dashboard: the application queue and the merchant's own shop."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from oscar.core.loading import get_model

from shops.models import OpeningHours, Partner, ShopEvent

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

Approval = Partner.Approval


def shop_applications(*, approval: str | None) -> QuerySet[Partner]:
    """Shops in one approval state (all when None), pending ones first, newest first."""
    waiting = Case(
        When(approval=Approval.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    shops = Partner.objects.shops_only().select_related("category").annotate(waiting=waiting)
    if approval:
        shops = shops.filter(approval=approval)
    return shops.order_by("waiting", "-created_at", "-pk")


def shop_approval_counts() -> dict[str, int]:
    """How many shops are in each approval state, in one query, for the queue's tabs."""
    return Partner.objects.shops_only().aggregate(
        **{state: Count("pk", filter=Q(approval=state)) for state in Approval.values},
        all=Count("pk"),
    )


def shop_application(*, pk: int) -> QuerySet[Partner]:
    """One shop with what its review page shows: category, merchants, and the audit log with actors."""
    return (
        Partner.objects.filter(pk=pk)
        .select_related("category")
        .prefetch_related(
            "users",
            Prefetch("events", queryset=ShopEvent.objects.select_related("actor")),
        )
    )


def merchant_shop(*, user: AbstractBaseUser) -> Partner | None:
    """The one rule for the shop a user runs as a merchant: their only shop (a pickup point is none).

    None for staff (the town hall works on every shop from its own pages, and Oscar's forms let it
    choose the shop) and for a user linked to several shops (a merchant runs one: rather than guess
    which, the merchant pages are refused and Oscar's forms offer the user's shops).
    Read once per request: the menu, the view and its forms all ask, with the request's user.
    """
    if not hasattr(user, "_merchant_shop"):
        user._merchant_shop = _only_shop(user=user, shops=Partner.objects.select_related("category"))
    return user._merchant_shop


def _only_shop(*, user: AbstractBaseUser, shops: QuerySet[Partner]) -> Partner | None:
    """`merchant_shop`'s rule applied to `shops`, in one query."""
    if not user.is_authenticated or user.is_staff:
        return None
    linked = list(shops.shops_only().filter(users=user).order_by("pk")[:2])
    return linked[0] if len(linked) == 1 else None


def merchant_progress(*, user: AbstractBaseUser) -> Partner | None:
    """The merchant's shop (`merchant_shop`'s rule) with what the getting-started guide ticks off, in
    one query: `has_products`, `has_hours` and `has_orders`."""
    shops = Partner.objects.annotate(
        has_products=Exists(StockRecord.objects.filter(partner=OuterRef("pk"))),
        has_hours=Exists(OpeningHours.objects.filter(shop=OuterRef("pk"))),
        has_orders=Exists(Order.objects.filter(shop=OuterRef("pk"))),
    )
    return _only_shop(user=user, shops=shops)
