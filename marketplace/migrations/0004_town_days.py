"""The town's days: the daily oversight chart reads one row a day; filled from the shops' days
already there."""

import datetime

from django.db import migrations, models
from django.db.models import Sum

# DayFigures' summed fields when this migration was written.
SUMMED = (
    "orders",
    "pickup",
    "phone",
    "delivery",
    "cancelled",
    "uncollected",
    "sales",
    "vouchers",
    "ready_total",
    "ready_count",
)


def town_days_from_shop_days(apps, schema_editor) -> None:
    ShopDay = apps.get_model("marketplace", "ShopDay")
    TownDay = apps.get_model("marketplace", "TownDay")
    days = ShopDay.objects.values("date").annotate(**{f"sum_{key}": Sum(key) for key in SUMMED}).order_by()
    TownDay.objects.bulk_create(
        TownDay(date=day["date"], **{key: day[f"sum_{key}"] for key in SUMMED}) for day in days
    )


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0003_shop_days'),
    ]

    operations = [
        migrations.CreateModel(
            name='TownDay',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField()),
                ('orders', models.PositiveIntegerField(default=0)),
                ('pickup', models.PositiveIntegerField(default=0)),
                ('phone', models.PositiveIntegerField(default=0)),
                ('delivery', models.PositiveIntegerField(default=0)),
                ('cancelled', models.PositiveIntegerField(default=0)),
                ('uncollected', models.PositiveIntegerField(default=0)),
                ('sales', models.DecimalField(decimal_places=2, default=0, max_digits=12)),
                ('vouchers', models.DecimalField(decimal_places=2, default=0, max_digits=12)),
                ('ready_total', models.DurationField(default=datetime.timedelta(0))),
                ('ready_count', models.PositiveIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('date',), name='one_town_day')],
            },
        ),
        migrations.RunPython(town_days_from_shop_days, migrations.RunPython.noop),
    ]
