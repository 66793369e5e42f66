"""Stock back and shops reopening, seen on save whatever page, import or command made the change."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from follows.services import product_back_in_stock_notify, shop_reopened_notify
from shops.models import Partner

StockRecord = get_model("partner", "StockRecord")


@receiver(post_save, sender=StockRecord, dispatch_uid="follows_back_in_stock")
def back_in_stock(sender, instance, **kwargs) -> None:
    if (instance.net_stock_level or 0) > 0:
        product_id = instance.product_id
        transaction.on_commit(lambda: product_back_in_stock_notify(product_id=product_id))


@receiver(post_save, sender=Partner, dispatch_uid="follows_shop_reopened")
def shop_reopened(sender, instance: Partner, **kwargs) -> None:
    if not instance.temporarily_closed and instance.reopen_alerts.filter(sent_at=None).exists():
        shop_reopened_notify(shop=instance)
