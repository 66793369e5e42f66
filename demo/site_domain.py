"""The site's domain for the links in emails: the local server `make run` serves, unless the town set one."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sites.models import Site

# Django creates the Site as example.com: left so, every link in an email (a merchant's invitation,
# a resident's tracking page) would lead there instead of to the server the visitor runs. A local
# server's address, set by an earlier `make run` on another port, is replaced too.
PLACEHOLDER_DOMAIN = "example.com"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def site_ensure(*, domain: str) -> None:
    """Point email links at `domain` (host:port), unless the Site already has a real domain."""
    site = Site.objects.filter(pk=settings.SITE_ID).first()
    if site is not None and site.domain != domain:
        if site.domain == PLACEHOLDER_DOMAIN or site.domain.partition(":")[0] in LOCAL_HOSTS:
            Site.objects.filter(pk=site.pk).update(domain=domain)
    Site.objects.clear_cache()
