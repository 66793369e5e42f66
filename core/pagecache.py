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
changes ("open now", today's offers, the next market) is at most a minute old (pages are kept per minute).

Anyone with a session, a basket or a message goes the whole normal way, and so does every view not
listed in settings.PAGE_CACHE_VIEWS.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone, translation

from core import ratelimit
from core.signals import products_imported

GENERATION_KEY = "pagecache:generation"
PAGE_SECONDS = 60
CSRF_PLACEHOLDER = "\x00csrf\x00"
NONCE_PLACEHOLDER = "\x00nonce\x00"
CSRF_TOKEN = re.compile(r"\b[a-zA-Z0-9]{64}\b")

# Models whose rows no cached page shows (or that change on every visit): saving them keeps the pages.
NOT_SHOWN_APPS = frozenset(
    {"sessions", "basket", "analytics", "axes", "admin", "contenttypes", "auth", "payment", "payments"}
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
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(GENERATION_KEY, token, None)
    return token


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


def _page_key(request: HttpRequest) -> str:
    """What a page depends on besides the stored rows: the address, the language, the minute (what
    only time changes, "open now", is never older than that), and what kind of answer was asked."""
    varying = "|".join(
        [
            timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            translation.get_language_from_request(request),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            request.headers.get("Accept", ""),
            request.headers.get("X-Requested-With", ""),
        ]
    )
    return "pagecache:page:" + hashlib.sha256(varying.encode()).hexdigest()


class PageCacheMiddleware:
    """Serve and store whole pages for plain visitors (see the module's docstring).

    Placed after the CSP middleware (which then writes its header with this response's nonce) and
    before the session's: a page served from here reads no session, user or basket.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not _plain_visitor(request):
            return self.get_response(request)
        match = _match(request)
        if match is None or match.view_name not in getattr(settings, "PAGE_CACHE_VIEWS", ()):
            return self.get_response(request)
        # The same limits as for a rendered page (the search's): counted once, here, and the rate
        # limit middleware reuses the verdict; a refused request goes on to its 429 page.
        request.resolver_match = match
        request.rate_limit_verdict = ratelimit.refused_rule(request, match.kwargs)
        if request.rate_limit_verdict is not None:
            return self.get_response(request)
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or storefront_generation()
        stored = found.get(key)
        if stored and stored[0] == generation:
            return self._serve(request, stored[1], stored[2])
        response = self.get_response(request)
        self._store(request, response, key, generation)
        return response

    def _serve(self, request: HttpRequest, status: int, parts: tuple) -> HttpResponse:
        headers, content = parts
        self.csrf.process_request(request)  # the visitor's CSRF cookie, when it sent one
        body = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        if NONCE_PLACEHOLDER.encode() in body:
            body = body.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
        response = HttpResponse(body if request.method == "GET" else b"", status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return self.csrf.process_response(request, response)  # sets the CSRF cookie if it is new

    @staticmethod
    def _store(request: HttpRequest, response: HttpResponse, key: str, generation: str) -> None:
        if (
            response.status_code != 200
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
            or getattr(request, "session", None) is not None
            and request.session.modified
        ):
            return
        body = response.content
        secret = request.META.get("CSRF_COOKIE")
        if secret:
            text = body.decode(response.charset or "utf-8")
            text = CSRF_TOKEN.sub(
                lambda m: CSRF_PLACEHOLDER if _unmask_cipher_token(m.group(0)) == secret else m.group(0), text
            )
            body = text.encode(response.charset or "utf-8")
        nonce = getattr(request, "_csp_nonce", None)  # django-csp's, set once the page used it
        if nonce:
            body = body.replace(str(nonce).encode(), NONCE_PLACEHOLDER.encode())
        headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
        cache.set(key, (generation, response.status_code, (headers, body)), PAGE_SECONDS)
        response["X-Page-Cache"] = "miss"
