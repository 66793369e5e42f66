"""Middleware guarding every request: NUL bytes refused, per-view additions to the CSP, rate limits."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
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
        rule = ratelimit.refused_rule(request, view_kwargs)
        if rule is None:
            return None
        minutes = max(1, ratelimit.retry_after(rule) // 60)
        response = render(request, "core/too_many_requests.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(ratelimit.retry_after(rule))
        return response
