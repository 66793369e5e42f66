"""Demo data of follows: the demo resident follows the cheese shop and the markets.

`seed_follows()` is idempotent; call it after the demo town's shops and resident exist.
"""

from django.contrib.auth import get_user_model

from follows.services import follow_add
from shops.models import Partner

User = get_user_model()
RESIDENT_EMAIL = "resident@example.com"
FOLLOWED_SHOP = "fromagerie-mere-colette"


def seed_follows() -> None:
    resident = User.objects.filter(username=RESIDENT_EMAIL).first()
    if resident is None:
        return
    shop = Partner.objects.filter(code=FOLLOWED_SHOP).first()
    if shop is not None:
        follow_add(user=resident, shop=shop)
    follow_add(user=resident)
