"""Reads for accompanying merchants: every merchant's standing in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from accompaniment.models import HelpAction, HelpConsent, HelpRecord, HelpSession
from accompaniment.standing import Standing
from orders.models import Order, Status
from shops.models import OpeningHours, Partner

StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")
User = get_user_model()


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when empty."""
    sub = queryset.order_by().annotate(_group=Value(1)).values("_group").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def merchant_standings(*, now: dt.datetime) -> list[Standing]:
    """Every shop (pickup points aside) with where it stands: one query whatever the number of shops."""
    month_start = now.astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    stock = StockRecord.objects.filter(partner=OuterRef("pk"), product__is_public=True)
    orders = Order.objects.filter(shop=OuterRef("pk"))
    shops = Partner.objects.shops_only().annotate(
        products_online=_count(stock),
        products_with_photo=_count(
            stock.filter(Exists(ProductImage.objects.filter(product=OuterRef("product"))))
        ),
        products_in_stock=_count(stock.filter(num_in_stock__gt=0)),
        has_hours=Exists(OpeningHours.objects.filter(shop=OuterRef("pk"))),
        first_order_at=Subquery(
            orders.order_by().values("shop").annotate(first=Min("date_placed")).values("first")
        ),
        orders_this_month=_count(orders.filter(date_placed__gte=month_start)),
        orders_waiting=_count(orders.filter(status=Status.PLACED)),
        last_login=Subquery(
            User.objects.filter(partners=OuterRef("pk"))
            .order_by()
            .values("partners")
            .annotate(last=Max("last_login"))
            .values("last")
        ),
        help_count=_count(HelpRecord.objects.filter(shop=OuterRef("pk"))),
        consent=Exists(HelpConsent.objects.filter(shop=OuterRef("pk"), withdrawn_at=None)),
    )
    return [
        Standing(
            shop_id=shop.pk,
            name=shop.display_name,
            joined_at=shop.created_at,
            products_online=shop.products_online,
            products_with_photo=shop.products_with_photo,
            products_in_stock=shop.products_in_stock,
            has_hours=shop.has_hours,
            temporarily_closed=shop.temporarily_closed,
            closed_message=shop.closed_message,
            first_order_at=shop.first_order_at,
            orders_this_month=shop.orders_this_month,
            orders_waiting=shop.orders_waiting,
            last_login=shop.last_login,
            help_count=shop.help_count,
            consent=shop.consent,
        )
        for shop in shops.order_by("name", "pk")
    ]


def merchant_standing(*, shop_id: int, now: dt.datetime) -> Standing | None:
    return next((s for s in merchant_standings(now=now) if s.shop_id == shop_id), None)


def shop_help_records(*, shop: Partner) -> QuerySet[HelpRecord]:
    return HelpRecord.objects.filter(shop=shop).select_related("recorded_by")


def consent_in_force(*, shop: Partner) -> HelpConsent | None:
    return HelpConsent.objects.filter(shop=shop, withdrawn_at=None).select_related("granted_by").first()


def open_help_session(*, shop: Partner, helper) -> HelpSession | None:
    """The helper's help-mode session for this shop still open, under a consent still in force."""
    return (
        HelpSession.objects.filter(shop=shop, helper=helper, ended_at=None, consent__withdrawn_at=None)
        .order_by("-started_at")
        .first()
    )


def shop_help_actions(*, shop: Partner) -> QuerySet[HelpAction]:
    """What was done for the shop in help mode, newest first, with who did it."""
    return HelpAction.objects.filter(session__shop=shop).select_related("session__helper", "product")


def shop_help_sessions(*, shop: Partner) -> QuerySet[HelpSession]:
    return HelpSession.objects.filter(shop=shop).select_related("helper")
