"""A resident's workshop sign-ups: in their data export; on deletion their name, email and phone are
blanked (the sign-up stays, counted in places and attendance, but is nobody's any more)."""

from typing import Any

from workshops.models import Registration

ANONYMOUS_NAME = "—"


def registrations_export(user: Any) -> list[dict]:
    return [
        {
            "workshop": registration.workshop.title,
            "starts_at": registration.workshop.starts_at.isoformat(),
            "name": registration.name,
            "email": registration.email,
            "phone": registration.phone,
            "attended": registration.attended,
            "signed_up_at": registration.created_at.isoformat(),
        }
        for registration in Registration.objects.filter(user=user).select_related("workshop")
    ]


def registrations_erase(user: Any) -> None:
    Registration.objects.filter(user=user).update(user=None, name=ANONYMOUS_NAME, email="", phone="")
