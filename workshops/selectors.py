"""Reads for workshops: what is coming up (with places left), and one workshop's list of people."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, QuerySet

from workshops.models import Registration, Workshop


def upcoming_workshops(*, now: dt.datetime, audience: str | None = None, user=None) -> QuerySet[Workshop]:
    """Published workshops still to come, soonest first, each with `taken` places (and `signed_up`)."""
    workshops = Workshop.objects.filter(is_published=True, starts_at__gte=now).annotate(
        taken=Count("registrations")
    )
    if audience:
        workshops = workshops.filter(audience=audience)
    if user is not None and user.is_authenticated:
        workshops = workshops.annotate(
            signed_up=Exists(Registration.objects.filter(workshop=OuterRef("pk"), user=user))
        )
    return workshops.order_by("starts_at", "pk")


def all_workshops() -> QuerySet[Workshop]:
    return Workshop.objects.annotate(taken=Count("registrations")).order_by("-starts_at", "-pk")


def workshop_registrations(*, workshop: Workshop) -> QuerySet[Registration]:
    return workshop.registrations.select_related("registered_by").order_by("name", "pk")
