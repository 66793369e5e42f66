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
    shops = Partner.objects.select_related("category").annotate(waiting=waiting)
    if approval:
        shops = shops.filter(approval=approval)
    return shops.order_by("waiting", "-created_at", "-pk")


def shop_approval_counts() -> dict[str, int]:
    """How many shops are in each approval state, in one query, for the queue's tabs."""
    return Partner.objects.aggregate(
        **{state: Count("pk", filter=Q(approval=state)) for state in Approval.values},
        all=Count("pk"),
    )


def shop_application(*, pk: int) -> QuerySet[Partner]:
    """One shop with what its review page shows: category, merchants, and the audit log with actors."""
    return Partner.objects.filter(pk=pk).select_related("category").prefetch_related(
        "users",
        Prefetch("events", queryset=ShopEvent.objects.select_related("actor")),
    )


def merchant_shop(*, user: AbstractBaseUser) -> Partner | None:
    """The shop this merchant runs (a merchant runs one), with its hours and closures."""
    if not user.is_authenticated:
        return None
    return (
        Partner.objects.filter(users=user)
        .select_related("category")
        .prefetch_related("opening_hours", "closures")
        .order_by("pk")
        .first()
    )


def merchant_progress(*, user: AbstractBaseUser) -> Partner | None:
    """The merchant's shop with what the getting-started guide ticks off, in one query:
    `has_products`, `has_hours` and `has_orders`."""
    if not user.is_authenticated:
        return None
    return (
        Partner.objects.filter(users=user)
        .annotate(
            has_products=Exists(StockRecord.objects.filter(partner=OuterRef("pk"))),
            has_hours=Exists(OpeningHours.objects.filter(shop=OuterRef("pk"))),
            has_orders=Exists(Order.objects.filter(shop=OuterRef("pk"))),
        )
        .order_by("pk")
        .first()
    )
