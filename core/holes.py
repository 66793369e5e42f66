"""Holes: the few parts of a storefront page that belong to its visitor, drawn apart from the page.

A page is the same for everyone but for a handful of places: the basket's count and the account link
in the header, the dashboard link, a shop's follow button. Each is a *hole*: a named function that
draws it for one request. A page drawn normally calls them in place (`{% hole "name" %}`); a page
drawn for the page cache (core/pagecache.py: `request.page_frame`) gets a marker instead, and the
cache fills the markers for each visitor who is served that page again: a resident with a basket gets
the shared page with their own header, for a few queries and no page drawing.

The holes of the storefront's frame: the account and dashboard links (here), the basket's count
(orders/holes.py), the follow buttons (follows/holes.py).

A hole's arguments travel in its marker (JSON): only plain values (ids, slugs, flags), never a
visitor's data. A marker carries a token derived from SECRET_KEY: text a merchant typed that looks
like a marker is never taken for one. Anything else a page shows that depends on its visitor must
be a hole, or the page must stay out of settings.PAGE_CACHE_FRAME_VIEWS.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import re
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[..., str]
logger = logging.getLogger(__name__)

_RENDERERS: dict[str, Renderer] = {}


@functools.cache
def marker_token() -> str:
    return salted_hmac("core.holes.marker", "hole").hexdigest()[:24]


@functools.cache
def _marker() -> re.Pattern:
    return re.compile(rf"\x00hole:{marker_token()}:([a-z_]+):([^\x00]*)\x00")


def hole(name: str) -> Callable[[Renderer], Renderer]:
    """Register `renderer(request, **arguments) -> html` as the hole `name`."""

    def register(renderer: Renderer) -> Renderer:
        _RENDERERS[name] = renderer
        return renderer

    return register


def hole_html(request: HttpRequest | None, name: str, **arguments: object) -> SafeString:
    """The hole drawn for this request, or its marker when the page is drawn for the page cache."""
    if request is not None and getattr(request, "page_frame", False):
        # JSON escapes any NUL in a value: a marker always ends at its own closing NUL.
        return mark_safe(f"\x00hole:{marker_token()}:{name}:{json.dumps(arguments)}\x00")
    return mark_safe(_RENDERERS[name](request, **arguments))


def holes_fill(body: str, request: HttpRequest) -> str:
    """Each marker of a page drawn for the cache, replaced by its hole drawn for this request."""
    if "\x00hole:" not in body:
        return body

    def drawn(match: re.Match) -> str:
        renderer = _RENDERERS.get(match.group(1))
        if renderer is None:
            return ""
        arguments = json.loads(match.group(2))
        try:
            inspect.signature(renderer).bind(request, **arguments)
        except TypeError:  # a page stored before a deploy changed this hole's arguments
            logger.warning("Hole %s left empty: its stored arguments no longer fit", match.group(1))
            return ""
        return renderer(request, **arguments)

    return _marker().sub(drawn, body)


def hole_user(request: HttpRequest | None):
    """The visitor a hole is drawn for (anonymous without a request: the server error page)."""
    from django.contrib.auth.models import AnonymousUser

    return getattr(request, "user", None) or AnonymousUser()


def hole_form_token(request: HttpRequest | None) -> str:
    """The CSRF token of a form a hole draws (and its cookie, set on the way out)."""
    return get_token(request) if request is not None else ""


@hole("account_link")
def account_link(request: HttpRequest) -> str:
    return render_to_string("core/holes/account_link.html", {"user": hole_user(request)})


# How long a user's "may open the dashboard" is kept: reading it is two queries (their permissions
# and their groups') on every page; a merchant given access sees the link within this. The dashboard
# checks the permission itself on every request.
DASHBOARD_LINK_SECONDS = 60


@hole("dashboard_link")
def dashboard_link(request: HttpRequest) -> str:
    user = hole_user(request)
    shown = False
    if user.is_authenticated:
        key = f"holes:dashboard-link:{user.pk}"
        shown = cache.get(key)
        if shown is None:
            shown = user.is_staff or user.has_perm("partner.dashboard_access")
            cache.set(key, shown, DASHBOARD_LINK_SECONDS)
    return render_to_string("core/holes/dashboard_link.html", {"shown": shown})
