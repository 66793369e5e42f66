"""Template context shared by every page: the town's name, logo and colours."""

from django.conf import settings
from django.http import HttpRequest


def town(request: HttpRequest) -> dict:
    return {
        "town": {
            "name": settings.TOWN_NAME,
            "tagline": settings.TOWN_TAGLINE,
            "logo_url": settings.TOWN_LOGO_URL,
            "primary_color": settings.TOWN_PRIMARY_COLOR,
            "accent_color": settings.TOWN_ACCENT_COLOR,
            "website": settings.TOWN_WEBSITE,
            "contact_email": settings.TOWN_CONTACT_EMAIL,
        }
    }
