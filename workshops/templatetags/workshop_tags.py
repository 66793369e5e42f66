"""Template tags of workshops: the next workshops, for the home page and the merchants' dashboard."""

from django import template
from django.utils import timezone

from workshops.models import Workshop
from workshops.selectors import upcoming_workshops

register = template.Library()
SHOWN = 3


@register.inclusion_tag("workshops/partials/upcoming.html", takes_context=True)
def upcoming_workshops_for(context: dict, audience: str) -> dict:
    """The next few workshops for `audience` ("residents" or "merchants"), with their sign-up buttons
    (workshops/holes.py: each visitor's own)."""
    workshops = list(upcoming_workshops(now=timezone.now(), audience=audience)[:SHOWN])
    for workshop in workshops:
        workshop.full = workshop.taken >= workshop.places
    return {
        "workshops": workshops,
        "audience": audience,
        "for_merchants": audience == Workshop.Audience.MERCHANTS,
        "request": context.get("request"),  # the sign-up state is a hole drawn for its visitor
    }
