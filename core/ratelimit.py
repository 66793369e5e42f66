"""Rate limits, counted in the cache, on what outsiders can repeat: mail-sending forms, code checks, search.

Each rule names views (by `namespace:name`) and methods, and counts requests in a fixed window per
client address and, where a request aims at someone (an email address typed, an order number in the
URL), per target too: one sender cannot flood one address from many addresses, nor many addresses
from one. The rules live in the settings (`RATE_LIMITS`), so the views of Oscar and of our apps stay
as they are and a review of "what is limited" reads one list.
"""

import hashlib
import ipaddress
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import ResolverMatch

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rule:
    """One limit: `rate` such as "10/h" per client address, `target_rate` per target value."""

    name: str
    views: frozenset[str]
    methods: frozenset[str] = frozenset({"POST"})
    rate: str = ""
    # Form fields (any of them, first non-empty) or URL keyword arguments naming the request's target.
    target_fields: tuple[str, ...] = ()
    target_kwargs: tuple[str, ...] = ()
    target_rate: str = ""
    # A request posting one of these fields is not covered (the login page's login button, beside its
    # registration form: logins are Axes' business).
    unless_posted: tuple[str, ...] = ()


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/h' -> (10, 3600); '5/15m' -> (5, 900)."""
    count, _, period = rate.partition("/")
    unit = period[-1]
    multiplier = int(period[:-1] or 1)
    return int(count), PERIODS[unit] * multiplier


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind TRUSTED_PROXY_HOPS reverse proxies, the address the nearest trusted
    proxy saw (X-Forwarded-For read from the right); otherwise REMOTE_ADDR, since anyone can write
    the header."""
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def axes_client_ip(request: HttpRequest) -> str | None:
    """`client_ip` for django-axes, which stores it in an IP address column: None when there is no
    address (a Unix socket, a test's force_login), since PostgreSQL refuses "unknown" there (every
    login answered 500 on PostgreSQL)."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def _hit(key: str, limit: int, window: int) -> bool:
    """Counts one request under `key`; True when it is over the limit of its current window."""
    bucket = int(time.time() // window)
    cache_key = f"ratelimit:{key}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: count this request as the first
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    return count > limit


def _digest(value: str) -> str:
    # Cache keys must be short and safe whatever was typed (NUL bytes, spaces, 10,000 characters).
    return hashlib.sha256(value.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]


def _targets(rule: Rule, request: HttpRequest, kwargs: dict) -> Iterable[str]:
    for name in rule.target_fields:
        value = request.POST.get(name, "") if request.method == "POST" else request.GET.get(name, "")
        if value.strip():
            yield value
            return
    for name in rule.target_kwargs:
        if kwargs.get(name):
            yield str(kwargs[name])
            return


def view_names(match: ResolverMatch | None) -> set[str]:
    """The names a view answers to: `namespace:name`, and `app:name` for the apps included without a
    namespace (payments' URLs resolve as plain `pay`, yet are reversed as `payments:pay`)."""
    if match is None or not match.url_name:
        return set()
    return {match.view_name, ":".join([*match.app_names, match.url_name])}


def rules() -> list[Rule]:
    return [
        Rule(
            name=name,
            **{
                **spec,
                "views": frozenset(spec["views"]),
                "methods": frozenset(spec.get("methods", ["POST"])),
                "unless_posted": tuple(spec.get("unless_posted", ())),
            },
        )
        for name, spec in getattr(settings, "RATE_LIMITS", {}).items()
    ]


def refused_rule(request: HttpRequest, kwargs: dict) -> Rule | None:
    """Counts this request against every rule that covers it; the first rule it exceeds, or None."""
    refused = None
    names = view_names(request.resolver_match)
    for rule in rules():
        if not names & rule.views or request.method not in rule.methods:
            continue
        if request.method == "POST" and any(name in request.POST for name in rule.unless_posted):
            continue
        if rule.rate:
            limit, window = parse_rate(rule.rate)
            if _hit(f"{rule.name}:ip:{_digest(client_ip(request))}", limit, window):
                refused = refused or rule
        if rule.target_rate:
            limit, window = parse_rate(rule.target_rate)
            for target in _targets(rule, request, kwargs):
                if _hit(f"{rule.name}:target:{_digest(target)}", limit, window):
                    refused = refused or rule
    return refused


def retry_after(rule: Rule) -> int:
    """Seconds until the longest window of `rule` starts again (when a refused sender may retry)."""
    windows = [parse_rate(rate)[1] for rate in (rule.rate, rule.target_rate) if rate]
    window = max(windows)
    return int(window - time.time() % window) + 1
