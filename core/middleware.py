"""Middleware guarding every request: NUL bytes and impossible ids refused, per-view additions to the CSP,
rate limits, and a deletion that other records prevent explained instead of a server error."""

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core import ratelimit

NUL = "\x00"


class RejectNulBytesMiddleware:
    """A NUL byte in the path, a query or form value, or a cookie is answered 400 here.

    PostgreSQL text cannot hold one, so a `%00` reaching a lookup was a 500 (psycopg's ValueError)
    on every view that filters by what the URL says. No legitimate client sends one. Cookies holding
    one are dropped instead (a browser keeps sending a bad cookie; refusing would lock its owner out).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]:
            del request.COOKIES[name]
        if self._has_nul(request):
            return HttpResponseBadRequest(
                _("The address or the form holds a character that is not allowed (NUL)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if NUL in request.path or NUL in request.path_info:
            return True
        try:
            querydicts = [request.GET]
            if request.method == "POST":
                querydicts.append(request.POST)  # files are not in it: an upload may hold NUL bytes
        except Exception:  # an unreadable body (bad multipart): Django answers 400 on its own later
            return False
        return any(
            NUL in key or any(NUL in value for value in values)
            for qd in querydicts
            for key, values in qd.lists()
        )


# The largest id a row can have (a 64-bit signed primary key).
MAX_ID = 2**63 - 1


class OutOfRangeIdMiddleware:
    """A number in the address larger than any id is answered 404 before the view looks it up.

    No row has such an id, and SQLite cannot even compare one: a lookup through a foreign key
    (`product_id=<20 digits>`) raised OverflowError, a 500 (Django guards only a field's own lookups).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict[str, Any]
    ) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, str) and value.isascii() and value.isdigit():
                value = int(value)
            if isinstance(value, int) and value > MAX_ID:
                raise Http404


class ProtectedDeletionMiddleware:
    """A deletion that other records prevent (on_delete=PROTECT, RESTRICT) is refused with a message
    saying what still refers to the object, on the page it came from, instead of a 500.

    Oscar's dashboard delete views (partners, product types, ...) do not catch it: the town hall
    deleting a shop that has orders got a server error. The request's transaction is already rolled
    back (ATOMIC_REQUESTS) when this runs: nothing was deleted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ProtectedError):
            blocking = exception.protected_objects
        elif isinstance(exception, RestrictedError):
            blocking = exception.restricted_objects
        else:
            return None
        counts = Counter(str(obj._meta.verbose_name) for obj in blocking)
        # Oscar's views may have announced the deletion before it failed: those messages go.
        list(messages.get_messages(request))
        messages.error(
            request,
            _("This cannot be deleted: %(records)s still refer to it.")
            % {"records": ", ".join(f"{count} × {name}" for name, count in sorted(counts.items()))},
        )
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = request.get_full_path()
        return redirect(back)


class CspPerViewMiddleware:
    """Adds `settings.CSP_VIEW_UPDATES[view name]` to the Content-Security-Policy of that view's pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        updates = getattr(settings, "CSP_VIEW_UPDATES", {})
        for name in ratelimit.view_names(getattr(request, "resolver_match", None)):
            if name in updates:
                response._csp_update = updates[name]
        return response


class RateLimitMiddleware:
    """Refuses a request over one of `settings.RATE_LIMITS` with a 429 page saying why and when to retry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if hasattr(request, "rate_limit_verdict"):  # counted already by the page cache (core.pagecache)
            rule = request.rate_limit_verdict
        else:
            rule = ratelimit.refused_rule(request, view_kwargs)
        if rule is None:
            return None
        minutes = max(1, ratelimit.retry_after(rule) // 60)
        response = render(request, "core/too_many_requests.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(ratelimit.retry_after(rule))
        return response
