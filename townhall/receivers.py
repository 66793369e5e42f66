"""What the town hall does when the apps below it report something: a new shop application."""

from __future__ import annotations

from django.dispatch import receiver

from shops.models import Partner
from shops.signals import shop_applied
from townhall.messages import shop_applied_messages_add


@receiver(shop_applied, sender=Partner, dispatch_uid="townhall.shop_applied")
def tell_the_town_hall_of_an_application(sender: type[Partner], shop: Partner, **kwargs) -> None:
    shop_applied_messages_add(shop=shop)
