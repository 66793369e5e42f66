"""Demo data of accompaniment: the town-centre manager, two merchants just starting, help given.

`seed_accompaniment()` is idempotent; call it after the demo town's shops exist (seed_demo).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from oscar.core.loading import get_model

from accompaniment.models import HelpConsent, HelpRecord
from accompaniment.roles import ensure_town_centre_manager_group
from core.roles import merchant_permission
from shops.models import Partner
from shops.products import product_class_for

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()
PASSWORD = "marketplace"  # the demo's password, as every demo account (README)
MANAGER_EMAIL = "manager@example.com"

# Merchants at different stages: one joined twelve days ago with nothing online yet and has let the
# manager act for it (the "add a product in help mode" walk), one whose stock all ran out.
STARTING_SHOPS = (
    ("la-mercerie-de-viroflay", "La Mercerie de Viroflay", "8 rue Jean Rey", 12, True),
    ("le-cellier-du-coteau", "Le Cellier du Coteau", "22 rue de Jouy", 30, False),
)
HELP_GIVEN = (
    (
        "fromagerie-mere-colette",
        HelpRecord.Kind.DIAGNOSIS,
        40,
        "Diagnostic numérique avec la CCI : photos à refaire.",
    ),
    ("fromagerie-mere-colette", HelpRecord.Kind.WORKSHOP, 20, "Atelier « Photographier ses produits »."),
    ("au-pain-de-viroflay", HelpRecord.Kind.VISIT, 10, "Visite : horaires d'été saisis ensemble."),
    (
        "la-mercerie-de-viroflay",
        HelpRecord.Kind.CALL,
        3,
        "Appel : d'accord pour que la mairie ajoute ses premiers produits.",
    ),
)


def _user(email: str, first_name: str, last_name: str, **extra) -> User:
    user, _created = User.objects.get_or_create(
        username=email,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "password": make_password(PASSWORD),
            **extra,
        },
    )
    return user


def seed_accompaniment() -> User:
    """The manager (manager@example.com), two starting merchants, help records; returns the manager."""
    manager = _user(MANAGER_EMAIL, "Julie", "Moreau", is_staff=True)
    manager.groups.add(ensure_town_centre_manager_group())
    product_class_for(always_available=False)
    now = timezone.now()
    for code, name, street, days_ago, consents in STARTING_SHOPS:
        shop, created = Partner.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "street": street,
                "postcode": "78220",
                "city": "Viroflay",
                "approval": Partner.Approval.APPROVED,
                "created_at": now - dt.timedelta(days=days_ago),
            },
        )
        merchant = _user(f"{code}@example.com", "Sophie", name.split()[-1])
        merchant.user_permissions.add(merchant_permission())
        shop.users.add(merchant)
        if consents and not HelpConsent.objects.filter(shop=shop).exists():
            HelpConsent.objects.create(shop=shop, granted_by=merchant)
        if created and code == "le-cellier-du-coteau":
            _sold_out_products(shop)
    shops = Partner.objects.in_bulk([code for code, *_rest in HELP_GIVEN], field_name="code")
    for code, kind, days_ago, note in HELP_GIVEN:
        if code in shops:
            HelpRecord.objects.get_or_create(
                shop=shops[code],
                kind=kind,
                note=note,
                defaults={"date": timezone.localdate() - dt.timedelta(days=days_ago), "recorded_by": manager},
            )
    return manager


def _sold_out_products(shop: Partner) -> None:
    for title, price in (("Côtes-de-Provence rosé", "9.50"), ("Cidre fermier", "5.20")):
        product = Product.objects.create(
            title=title, product_class=product_class_for(always_available=False), is_public=True
        )
        StockRecord.objects.create(
            product=product,
            partner=shop,
            partner_sku=f"CELLIER-{product.pk}",
            price=Decimal(price),
            num_in_stock=0,
        )
