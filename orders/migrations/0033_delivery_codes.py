"""Open deliveries placed before deliveries had a code get one, since handing one over now needs it."""

from django.db import migrations

from orders.pickup_codes import new_pickup_code, unused_code

# Status.OPEN when this migration was written: a migration keeps the values it was written with.
OPEN = (
    "Pending payment",
    "Placed",
    "Accepted",
    "Ready for pickup",
    "Dropped at pickup point",
    "Out for delivery",
)


def give_open_deliveries_a_code(apps, schema_editor) -> None:
    Order = apps.get_model("order", "Order")
    open_orders = Order.objects.filter(status__in=OPEN)
    for order in open_orders.filter(fulfilment="delivery", pickup_code="").order_by("pk"):
        taken = set(open_orders.filter(shop_id=order.shop_id).values_list("pickup_code", flat=True))
        order.pickup_code = unused_code(new_pickup_code, taken=taken.__contains__)
        order.save(update_fields=["pickup_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0032_shop_days"),
    ]

    operations = [migrations.RunPython(give_open_deliveries_a_code, migrations.RunPython.noop)]
