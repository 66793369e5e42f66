"""The login lockout backend: django-axes' own, for logins made through a web request only."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Axes refuses (raises) an authentication without a request: the test client's `login()` and
    scripts call it so. Those are not attempts from the internet, so this backend stays out of them;
    every login page (storefront, dashboard, admin) passes its request and is counted."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
