"""Open deliveries placed before deliveries had a code get one, since handing one over now needs it."""

import secrets

from django.db import migrations

# Status.OPEN and the code alphabet (orders/pickup_codes.py) when this migration was written: a
# migration keeps the values it was written with.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
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
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(6))
        order.pickup_code = code
        order.save(update_fields=["pickup_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0032_shop_days"),
    ]

    operations = [migrations.RunPython(give_open_deliveries_a_code, migrations.RunPython.noop)]
