"""Demo data of workshops: one for residents, one for merchants, with people signed up.

`seed_workshops()` is idempotent (workshops found by title); dates are set from today each time it
creates them, so a fresh demo always has both ahead.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from shops.selectors import town_zone
from workshops.models import Registration, Workshop

User = get_user_model()

WORKSHOPS = (
    (
        "Mon premier achat en ligne",
        Workshop.Audience.RESIDENTS,
        2,
        dt.time(14, 30),
        "Corner numérique, mairie de Viroflay",
        8,
        "Créer son compte, choisir un créneau, retirer sa commande : pas à pas, avec une tablette prêtée.",
    ),
    (
        "Photographier ses produits",
        Workshop.Audience.MERCHANTS,
        5,
        dt.time(9, 0),
        "Salle Dunoyer-de-Segonzac",
        10,
        "Avec un téléphone et une fenêtre : lumière, fond, cadrage. Avec la CCI Versailles-Yvelines.",
    ),
)


def seed_workshops() -> list[Workshop]:
    today = timezone.localdate()
    workshops = []
    for title, audience, in_days, at, place, places, description in WORKSHOPS:
        starts_at = dt.datetime.combine(today + dt.timedelta(days=in_days), at, tzinfo=town_zone())
        workshop, _created = Workshop.objects.get_or_create(
            title=title,
            defaults={
                "audience": audience,
                "starts_at": starts_at,
                "place": place,
                "places": places,
                "description": description,
            },
        )
        workshops.append(workshop)
    residents_workshop = workshops[0]
    if not residents_workshop.registrations.exists():
        # Signed up by phone at the town hall: no email, a landline.
        Registration.objects.create(
            workshop=residents_workshop,
            name="Mme Paulette Girard",
            phone="01 30 24 11 22",
            registered_by=User.objects.filter(username="manager@example.com").first(),
        )
    return workshops
