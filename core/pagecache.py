"""Whole storefront pages for visitors with nothing of their own, kept in the cache (Redis in production).

A visitor who sends no cookie but the CSRF and language ones has no session, no basket and no
message: the home page, the lists, a shop's or a product's page are then the same for all of them.
Such a page is rendered once and served from the cache to the next visitors, with this request's
CSRF token and CSP nonce put back in (both are swapped for placeholders before storing, so no
visitor ever gets another's).

Freshness: every stored page carries the storefront's *generation*, a token that changes after any
committed change to a model a page may show (a price, a stock, a shop's hours, the town's news: any
model not in NOT_SHOWN below) and after any booked stock (`storefront_changed`). A page of an older
generation is never served: a merchant's change is visible on the next request. What only time
changes ("open now", today's offers, the next market) is at most a minute old: a page a minute old
is drawn again by one request while the others still get it.

The parts of a page that are its visitor's own (the basket's count, the account link, a follow
button) are holes (core/holes.py): a stored page keeps their markers. A plain visitor gets them drawn
for nobody, once, when the page is stored; a resident (a session, a basket, a login) is served by
ResidentPageMiddleware, which fills them for that resident, for the views of
settings.PAGE_CACHE_FRAME_VIEWS. Every other view, and a request with a message waiting, goes the
whole normal way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone, translation

from core import ratelimit
from core.generations import generation
from core.holes import holes_fill, marker_token
from core.signals import page_served_from_cache, products_imported

GENERATION_KEY = "pagecache:generation"
# A page is fresh for a minute from when it was drawn, not until the clock's next minute: pages
# drawn at different moments are drawn again at different moments, where minute-aligned pages were
# all drawn again at once at each minute's turn. Kept two minutes: a page a minute old answers while
# one request draws it again.
FRESH_SECONDS = 60
PAGE_SECONDS = 120
REDRAW_SECONDS = 10
CSRF_PLACEHOLDER = "\x00csrf\x00"
NONCE_PLACEHOLDER = "\x00nonce\x00"
CSRF_TOKEN = re.compile(r"\b[a-zA-Z0-9]{64}\b")

# Models whose rows no cached page shows (or that change on every visit): saving them keeps the pages.
NOT_SHOWN_APPS = frozenset(
    {"sessions", "basket", "analytics", "axes", "admin", "contenttypes", "auth", "payment", "payments"}
    # Shown only in holes, drawn for each visitor (follow buttons, stock alerts): core/holes.py.
    | {"follows", "customer"}
)
NOT_SHOWN_MODELS = frozenset({"order.outboxmessage"})

# Response headers kept with a page; the others are the visitor's own (cookies) or remade per
# response by the middleware around this one (the CSP, with the new nonce).
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "content-language",
        "vary",
        "x-frame-options",
        "cache-control",
        "referrer-policy",
        "x-content-type-options",
        "cross-origin-opener-policy",
    }
)


def storefront_generation() -> str:
    return generation(GENERATION_KEY)


def storefront_changed() -> None:
    """Stored pages are out of date: now, and again once the current transaction commits.

    Again after the commit: a page rendered meanwhile from the old rows would otherwise be stored
    under the generation begun now. Now too: the change is visible at once to the transaction
    itself (and to tests, which never commit).
    """
    cache.delete(GENERATION_KEY)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_generation_end)


def _generation_end() -> None:
    cache.delete(GENERATION_KEY)


def _model_changed(sender: type, **kwargs: object) -> None:
    meta = sender._meta
    if meta.app_label in NOT_SHOWN_APPS or meta.label_lower in NOT_SHOWN_MODELS:
        return
    storefront_changed()


def _bulk_changed(**kwargs: object) -> None:
    storefront_changed()


def install() -> None:
    """Connect the generation to every model's saves and deletions (core's AppConfig.ready)."""
    products_imported.connect(_bulk_changed, dispatch_uid="pagecache-import")  # bulk writes send no save
    post_save.connect(_model_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_model_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_model_changed, dispatch_uid="pagecache-m2m")


def _plain_visitor(request: HttpRequest) -> bool:
    """No cookie but the CSRF and language ones: no session, no basket, no message, no login."""
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def _match(request: HttpRequest) -> ResolverMatch | None:
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _now() -> float:
    return timezone.now().timestamp()


def _page_key(request: HttpRequest) -> str:
    """What a page depends on besides the stored rows and the time: the address, the language, and
    what kind of answer was asked."""
    varying = "|".join(
        [
            marker_token(),  # a new SECRET_KEY: pages with the former markers are not served
            translation.get_language_from_request(request),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            request.headers.get("Accept", ""),
            request.headers.get("X-Requested-With", ""),
        ]
    )
    return "pagecache:page:" + hashlib.sha256(varying.encode()).hexdigest()


def _listed_view(request: HttpRequest, views: set[str]) -> bool:
    """A GET (or HEAD) of one of these views."""
    if request.method not in ("GET", "HEAD"):
        return False
    match = _match(request)
    if match is None or match.view_name not in views:
        return False
    request.resolver_match = match
    return True


def _within_limits(request: HttpRequest) -> bool:
    """The visitor's limits (the search's), counted once, here: the rate limit middleware reuses the
    verdict, and a refused request goes on to its 429 page."""
    request.rate_limit_verdict = ratelimit.refused_rule(request, request.resolver_match.kwargs)
    return request.rate_limit_verdict is None


def _stored(request: HttpRequest) -> tuple[str, str, tuple | None]:
    """This page's key, the storefront's generation, and the page stored for it if still current.

    Current: of this generation, always (a merchant's change shows on the next request), and of
    drawn less than a minute ago (what only time changes, "open now"): an older page is answered
    only while another request is drawing it again.
    """
    key = _page_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or storefront_generation()
    stored = found.get(key)
    if not stored or stored[0] != generation:
        return key, generation, None
    aged = abs(_now() - stored[1]) >= FRESH_SECONDS  # abs: a clock set back does not keep a page
    if aged and cache.add(f"{key}:drawing", 1, REDRAW_SECONDS):
        return key, generation, None  # this request draws the page again
    return key, generation, stored[2:]


def _draw_frame(
    get_response: Callable, request: HttpRequest
) -> tuple[HttpResponse, bytes | None, bytes | None]:
    """The page drawn with markers for its holes (core/holes.py), as it will be stored.

    Returns the response, the frame (the body with its markers) and the body with the holes drawn for
    this request, or (response, None, None) for an answer that is not a page (not HTML, streamed).
    """
    request.page_frame = True
    try:
        response = get_response(request)
    finally:
        request.page_frame = False
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return response, None, None
    frame = response.content
    charset = response.charset or "utf-8"
    return response, frame, holes_fill(frame.decode(charset), request).encode(charset)


def _set_body(response: HttpResponse, body: bytes) -> None:
    response.content = body
    if response.has_header("Content-Length"):  # set by CommonMiddleware on the frame
        response["Content-Length"] = str(len(body))


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return not (
        response.status_code != 200
        or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
        or getattr(request, "session", None) is not None
        and request.session.modified
    )


def _shared(request: HttpRequest, body: bytes, charset: str) -> bytes:
    """A body with this request's CSRF token and CSP nonce swapped for placeholders."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        text = body.decode(charset)
        text = CSRF_TOKEN.sub(
            lambda m: CSRF_PLACEHOLDER if _unmask_cipher_token(m.group(0)) == secret else m.group(0), text
        )
        body = text.encode(charset)
    nonce = getattr(request, "_csp_nonce", None)  # django-csp's, set once the page used it
    if nonce:
        body = body.replace(str(nonce).encode(), NONCE_PLACEHOLDER.encode())
    return body


def _store(
    request: HttpRequest, response: HttpResponse, frame: bytes, plain: bytes, key: str, generation: str
) -> None:
    """Keep the frame (for residents) and the page a plain visitor gets (its holes drawn for nobody)."""
    charset = response.charset or "utf-8"
    headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
    entry = (
        generation,
        _now(),
        response.status_code,
        headers,
        _shared(request, frame, charset),
        _shared(request, plain, charset),
    )
    cache.set(key, entry, PAGE_SECONDS)
    cache.delete(f"{key}:drawing")
    response["X-Page-Cache"] = "miss"


def _personal_body(request: HttpRequest, body: bytes) -> bytes:
    """A stored body for this request: its CSRF token and CSP nonce put back."""
    body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    if NONCE_PLACEHOLDER.encode() in body:
        body = body.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
    return body


def _response(request: HttpRequest, status: int, headers: list, body: bytes) -> HttpResponse:
    response = HttpResponse(body if request.method == "GET" else b"", status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(body))  # a HEAD says the length its GET would have
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and store whole pages for plain visitors (see the module's docstring).

    Placed after the CSP middleware (which then writes its header with this response's nonce) and
    before the session's: a page served from here reads no session, user or basket.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _plain_visitor(request) or not _listed_view(request, set(settings.PAGE_CACHE_VIEWS)):
            return self.get_response(request)
        if not _within_limits(request):
            return self.get_response(request)
        key, generation, stored = _stored(request)
        if stored is not None:
            status, headers, _frame, plain = stored
            self.csrf.process_request(request)  # the visitor's CSRF cookie, when it sent one
            response = _response(request, status, headers, _personal_body(request, plain))
            page_served_from_cache.send(sender=PageCacheMiddleware, request=request)
            return self.csrf.process_response(request, response)  # sets the CSRF cookie if it is new
        response, frame, plain = _draw_frame(self.get_response, request)
        if frame is None:
            return response
        _set_body(response, plain)
        if _storable(request, response):
            _store(request, response, frame, plain, key, generation)
        return response


class ResidentPageMiddleware:
    """The same stored pages for residents (a session, a basket, a login), their holes filled for them.

    Placed after the session, authentication and messages middleware and before Oscar's basket
    middleware: a page served from here reads the session, the user and the basket's count (a few
    queries), not the basket with its offers, and draws no page. Staff (who see edit links), a
    resident with a message waiting and one just logged in with a guest basket (Oscar merges it) go
    the whole normal way, as does every view not in settings.PAGE_CACHE_FRAME_VIEWS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Both lists: a test or a deployment that empties PAGE_CACHE_VIEWS turns the whole cache off.
        views = set(settings.PAGE_CACHE_VIEWS) & set(settings.PAGE_CACHE_FRAME_VIEWS)
        if _plain_visitor(request) or not _listed_view(request, views):
            return self.get_response(request)
        if not self._frame_fits(request) or not _within_limits(request):
            return self.get_response(request)
        key, generation, stored = _stored(request)
        if stored is not None:
            status, headers, frame, _plain = stored
            charset = "utf-8"
            body = _personal_body(request, frame).decode(charset)
            response = _response(request, status, headers, holes_fill(body, request).encode(charset))
            page_served_from_cache.send(sender=ResidentPageMiddleware, request=request)
        else:
            response = self._draw_for(request, key, generation)
        if getattr(request, "basket_cookie_stale", False):  # as Oscar's basket middleware does
            response.delete_cookie(settings.OSCAR_BASKET_COOKIE_OPEN)
        return response

    @staticmethod
    def _frame_fits(request: HttpRequest) -> bool:
        user = request.user
        if user.is_staff:
            return False
        if user.is_authenticated and settings.OSCAR_BASKET_COOKIE_OPEN in request.COOKIES:
            return False
        return len(messages.get_messages(request)) == 0

    def _draw_for(self, request: HttpRequest, key: str, generation: str) -> HttpResponse:
        """Draw the page as a plain visitor would get it, store it, and give this resident theirs.

        The request is dressed as a plain visitor's for the drawing (no session, user, message or
        basket cookie), then undressed. A drawing that changed its session or set a cookie is
        thrown away and the page drawn again the normal way: nothing of the resident's is lost.
        """
        kept = {name: request.__dict__[name] for name in DRESSED if name in request.__dict__}
        allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        request.COOKIES = {name: value for name, value in request.COOKIES.items() if name in allowed}
        request.user = request._cached_user = AnonymousUser()
        request.session = SessionBase()  # in memory, never saved: what the drawing writes stays apart
        request._messages = default_storage(request)
        try:
            response, frame, plain = _draw_frame(self.get_response, request)
            storable = frame is not None and _storable(request, response)
            kept_apart = len(request._messages) > 0 or request.session.modified
        finally:
            for name in DRESSED:
                request.__dict__.pop(name, None)
            request.__dict__.update(kept)
        if kept_apart or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return self.get_response(request)
        if frame is None:
            return response
        if storable:
            _store(request, response, frame, plain, key, generation)
        charset = response.charset or "utf-8"
        _set_body(response, holes_fill(frame.decode(charset), request).encode(charset))
        return response


# What the drawing of a frame changes on a resident's request, and puts back after.
DRESSED = (
    "COOKIES",
    "user",
    "_cached_user",
    "session",
    "_messages",
    "basket",
    "_basket_cache",
    "cookies_to_delete",
)
