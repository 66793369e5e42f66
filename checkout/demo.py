"""Demo data of ordering for people not online: a senior with only a landline whose daughter orders for
her (with the consent the corner recorded), and a senior the corner orders for by phone.

`seed_people_not_online()` is idempotent (people found by phone, the daughter by email); call it after
the manager exists (accompaniment.demo).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from checkout.models import OfflineResident, Relative

User = get_user_model()
PASSWORD = "marketplace"  # the demo's password, as every demo account (README)
RELATIVE_EMAIL = "claire.lefevre@example.com"
MANAGER_EMAIL = "manager@example.com"

PEOPLE = (
    # first name, last name, phone, preferred contact, address, note
    (
        "Germaine",
        "Lefèvre",
        "+33130245510",
        OfflineResident.Contact.VOICE,
        "12 rue Rieussec",
        "Entend mal : parler fort.",
    ),
    (
        "Marcel",
        "Dupuis",
        "+33130241877",
        OfflineResident.Contact.PRINTED,
        "5 avenue du Général Leclerc",
        "3e étage sans ascenseur.",
    ),
)


def seed_people_not_online() -> None:
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    people = {}
    for first_name, last_name, phone, contact, line1, note in PEOPLE:
        people[last_name], _created = OfflineResident.objects.get_or_create(
            phone=phone,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "preferred_contact": contact,
                "line1": line1,
                "postcode": "78220",
                "city": "Viroflay",
                "note": note,
                "created_by": manager,
            },
        )
    daughter, _created = User.objects.get_or_create(
        username=RELATIVE_EMAIL,
        defaults={
            "email": RELATIVE_EMAIL,
            "first_name": "Claire",
            "last_name": "Lefèvre",
            "password": make_password(PASSWORD),
        },
    )
    Relative.objects.get_or_create(
        resident=people["Lefèvre"],
        user=daughter,
        defaults={"consent": "Au téléphone avec le coin numérique", "recorded_by": manager},
    )
