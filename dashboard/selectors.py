"""Reads that scope Oscar's dashboard: the town hall (staff) sees every shop, a merchant only their own."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from orders.selectors import LINES_WITH_WEIGHING, merchant_orders_q

Basket = get_model("basket", "Basket")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()


def product_visibility_q(user: User) -> Q:
    """Products a merchant may see and edit: stocked by their shops and by no other shop.

    Oscar only asks for one stock record of the merchant's, so a product shared with another shop
    (Oscar issue #2324) was editable by both; a parent product counts its variants' stock records.
    """
    own = StockRecord.objects.filter(partner__users__pk=user.pk)
    foreign = StockRecord.objects.exclude(partner__users__pk=user.pk)

    def stocked_by(records: QuerySet) -> Q:
        # `parent_id` is NULL for standalone products; a NULL in `NOT IN (…)` would hide everything.
        variants = records.filter(product__parent__isnull=False)
        return Q(pk__in=records.values("product_id")) | Q(pk__in=variants.values("product__parent_id"))

    return stocked_by(own) & ~stocked_by(foreign)


def stock_alerts_for_user(user: User) -> QuerySet:
    """Stock alerts a user may see in the dashboard: all for staff, their shops' for a merchant."""
    alerts = StockAlert.objects.select_related("stockrecord__product", "stockrecord__partner")
    if user.is_staff:
        return alerts
    return alerts.filter(stockrecord__partner__users__pk=user.pk)


def orders_for_user(user: User) -> QuerySet:
    """Orders a user may see in the dashboard: all for staff, their shops' for a merchant.

    One order has exactly one shop (DESIGN.md), so a merchant sees their orders whole and never
    another shop's lines (Oscar issue #2240 scoped orders by their lines' partners).
    """
    orders = Order.objects.select_related(
        "billing_address__country", "shipping_address__country", "user", "shop"
    ).prefetch_related(LINES_WITH_WEIGHING, "status_changes")  # a total before weighing says "about"
    if user.is_staff:
        return orders
    return orders.filter(merchant_orders_q(user))


def merchant_index_stats(*, user: User) -> dict:
    """The figures of Oscar's dashboard index, counted over the merchant's shops only."""
    shops = user.partners.all()
    since = timezone.now() - timedelta(hours=24)
    orders = Order.objects.filter(shop__in=shops)
    orders_last_day = orders.filter(date_placed__gt=since)
    lines = Line.objects.filter(order__in=orders)
    customers = User.objects.filter(orders__in=orders).distinct()
    baskets = Basket.objects.filter(status=Basket.OPEN, lines__stockrecord__partner__in=shops).distinct()
    alerts = stock_alerts_for_user(user)
    return {
        "total_orders_last_day": orders_last_day.count(),
        "total_lines_last_day": lines.filter(order__in=orders_last_day).count(),
        "average_order_costs": orders_last_day.aggregate(avg=Avg("total_incl_tax"))["avg"] or Decimal("0.00"),
        "total_revenue_last_day": orders_last_day.aggregate(sum=Sum("total_incl_tax"))["sum"]
        or Decimal("0.00"),
        "total_customers_last_day": customers.filter(date_joined__gt=since).count(),
        "total_open_baskets_last_day": baskets.filter(date_created__gt=since).count(),
        "total_products": Product.objects.filter(product_visibility_q(user)).count(),
        "total_open_stock_alerts": alerts.filter(status=StockAlert.OPEN).count(),
        "total_closed_stock_alerts": alerts.filter(status=StockAlert.CLOSED).count(),
        "total_customers": customers.count(),
        "total_open_baskets": baskets.count(),
        "total_orders": orders.count(),
        "total_lines": lines.count(),
        "total_revenue": orders.aggregate(sum=Sum("total_incl_tax"))["sum"] or Decimal("0.00"),
        "order_status_breakdown": orders.order_by("status").values("status").annotate(freq=Count("id")),
    }
