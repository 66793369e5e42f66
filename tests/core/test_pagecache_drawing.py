"""A resident's page drawn for the cache that turns out personal is thrown away (core/pagecache.py,
ResidentPageMiddleware._draw_for): a view that writes the session or sets a cookie while drawn as a
plain visitor's page is drawn again the normal way, so what it wrote reaches the resident's own
session or browser, and nothing of it is stored for others.

No view of the storefront does that today; these two stand for the next one that will (a "recently
seen" list kept in the session, a preference cookie)."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from shops.factories import UserFactory
from tests.core.test_holes import logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.french]

SEEN = "pages_seen"


def remembers_in_the_session(request: HttpRequest) -> HttpResponse:
    """Counts in the session the times it was seen, and says so."""
    request.session[SEEN] = request.session.get(SEEN, 0) + 1
    return HttpResponse(f"<html><body>vue {request.session[SEEN]} fois</body></html>")


def sets_a_cookie(request: HttpRequest) -> HttpResponse:
    """Remembers in a cookie whom it greeted: drawn as a plain visitor's page, that would be nobody."""
    response = HttpResponse("<html><body>bonjour</body></html>")
    response.set_cookie("greeted", request.user.first_name if request.user.is_authenticated else "personne")
    return response


urlpatterns = [
    path("essai/session/", remembers_in_the_session, name="drawing-session"),
    path("essai/cookie/", sets_a_cookie, name="drawing-cookie"),
    path("", include("marketplace.urls")),
]


@pytest.fixture(autouse=True)
def _these_pages_cached(settings):
    settings.ROOT_URLCONF = __name__
    settings.PAGE_CACHE_VIEWS = [*settings.PAGE_CACHE_VIEWS, "drawing-session", "drawing-cookie"]
    settings.PAGE_CACHE_FRAME_VIEWS = [*settings.PAGE_CACHE_FRAME_VIEWS, "drawing-session", "drawing-cookie"]


def test_a_drawing_that_wrote_the_session_is_drawn_again_for_the_resident_and_not_stored() -> None:
    odile = logged_in(UserFactory(first_name="Odile"))

    first = odile.get("/essai/session/")
    second = odile.get("/essai/session/")

    # Drawn the normal way each time: her own session counts her visits.
    assert first.content.decode().endswith("vue 1 fois</body></html>")
    assert second.content.decode().endswith("vue 2 fois</body></html>")
    assert odile.session[SEEN] == 2
    assert first.get("X-Page-Cache") is None and second.get("X-Page-Cache") is None
    # Nothing stored from it: another resident is not told her count.
    marcel = logged_in(UserFactory(first_name="Marcel"))
    assert "vue 1 fois" in marcel.get("/essai/session/").content.decode()


def test_a_drawing_that_set_a_cookie_is_drawn_again_and_the_cookie_reaches_the_resident() -> None:
    odile = logged_in(UserFactory(first_name="Odile"))

    response = odile.get("/essai/cookie/")

    assert response.status_code == 200
    assert response.cookies["greeted"].value == "Odile"  # hers, not the plain visitor's drawing's
    assert response.get("X-Page-Cache") is None  # not stored: the next resident draws it too
    marcel = logged_in(UserFactory(first_name="Marcel")).get("/essai/cookie/")
    assert marcel.cookies["greeted"].value == "Marcel"
