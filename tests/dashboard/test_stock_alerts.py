"""Stock alerts in Oscar's dashboard: a merchant opens their own shop's, never another shop's."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from shops.factories import ProductFactory

StockAlert = get_model("partner", "StockAlert")

ALERTS = reverse("dashboard:stock-alert-list")


def raise_alert(product, status: str = StockAlert.OPEN) -> StockAlert:
    return StockAlert.objects.create(stockrecord=product.stockrecords.get(), threshold=5, status=status)


def listed(response) -> list[str]:
    return [alert.stockrecord.product.title for alert in response.context["alerts"]]


def test_merchant_sees_only_their_shops_alerts(shop_a, shop_b):
    raise_alert(shop_a.product)
    raise_alert(shop_b.product)

    response = shop_b.client().get(ALERTS)

    assert response.status_code == 200
    assert listed(response) == ["Product of shop B"]
    assert "Product of shop A" not in response.content.decode()


def test_the_status_filter_keeps_to_the_merchants_shop(shop_a, shop_b):
    raise_alert(shop_a.product, status=StockAlert.CLOSED)
    raise_alert(shop_b.product, status=StockAlert.CLOSED)
    raise_alert(ProductFactory(shop=shop_b.shop, title="Open one of B"))

    client = shop_b.client()

    assert listed(client.get(ALERTS, {"status": "Closed"})) == ["Product of shop B"]
    assert listed(client.get(ALERTS, {"status": "Open"})) == ["Open one of B"]


def test_the_dashboard_index_button_leads_to_the_alerts_it_counts(shop_a, shop_b):
    raise_alert(shop_a.product)
    raise_alert(shop_b.product)
    client = shop_b.client()

    index = client.get(reverse("dashboard:index"))

    assert index.context["total_open_stock_alerts"] == 1
    assert ALERTS in index.content.decode()
    assert len(client.get(ALERTS).context["alerts"]) == 1


def test_the_town_hall_sees_every_shops_alerts(town_hall_client, shop_a, shop_b):
    raise_alert(shop_a.product)
    raise_alert(shop_b.product)

    assert sorted(listed(town_hall_client.get(ALERTS))) == ["Product of shop A", "Product of shop B"]


def test_staff_outside_the_town_hall_is_still_refused(plain_staff_client):
    assert plain_staff_client.get(ALERTS).status_code == 403


def test_the_list_costs_the_same_queries_for_1_or_10_alerts(shop_b):
    client = shop_b.client()
    raise_alert(shop_b.product)
    client.get(ALERTS)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ALERTS).status_code == 200
        return len(captured)

    one = queries()
    for n in range(9):
        raise_alert(ProductFactory(shop=shop_b.shop, title=f"Product {n}"))
    assert queries() == one
