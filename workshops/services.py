"""Writes for workshops: sign-up (online or by the town), attendance, reminders.

Places are counted under a lock on the workshop, so two people cannot both take the last place.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.exceptions import SignUpRefused
from workshops.messages import REMINDER, SIGNED_UP, registration_message_add
from workshops.models import Registration, Workshop

# Reminders go this long before the workshop starts.
REMINDER_LEAD = dt.timedelta(hours=24)


def workshop_sign_up(
    *,
    workshop: Workshop,
    name: str,
    email: str = "",
    phone: str = "",
    user: AbstractBaseUser | None = None,
    registered_by: AbstractBaseUser | None = None,
) -> Registration:
    """Sign someone up, refused when full, past, unpublished or already signed up; confirms by email."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if not workshop.is_published or workshop.starts_at < timezone.now():
            raise SignUpRefused(_("This workshop is no longer open for sign-up."))
        if user is not None and workshop.registrations.filter(user=user).exists():
            raise SignUpRefused(_("You are already signed up."))
        if workshop.registrations.count() >= workshop.places:
            raise SignUpRefused(_("This workshop is full."))
        registration = Registration.objects.create(
            workshop=workshop, user=user, name=name, email=email, phone=phone, registered_by=registered_by
        )
        registration_message_add(registration=registration, event=SIGNED_UP)
    return registration


def registration_cancel(*, registration: Registration) -> None:
    registration.delete()


def registration_attendance_set(*, registration: Registration, attended: bool) -> Registration:
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


def workshop_reminders_queue(*, now: dt.datetime) -> int:
    """Queue the reminder of everyone signed up to a workshop starting within REMINDER_LEAD; how many new.

    Run every few minutes: the outbox key makes a second run send nothing twice.
    """
    registrations = Registration.objects.filter(
        workshop__is_published=True, workshop__starts_at__gt=now, workshop__starts_at__lte=now + REMINDER_LEAD
    ).exclude(email="")
    with transaction.atomic():
        return sum(registration_message_add(registration=r, event=REMINDER) for r in registrations)
