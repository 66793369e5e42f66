"""Text messages through a pluggable backend: the console by default, an HTTP provider in production.

`SMS_BACKEND` names the class; a backend sends one text or raises SmsError (worth retrying).
The HTTP backend posts JSON `{"to", "from", "text"}` with a bearer token to `SMS_HTTP_URL`,
the shape most French SMS gateways accept; another provider is one small class away.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider refused or could not be reached."""


class ConsoleSmsBackend:
    """Prints texts to the console, for `make run` and development (not also logged: it showed twice)."""

    def send(self, *, to: str, text: str) -> None:
        print(f"SMS to {to}: {text}")


class HttpSmsBackend:
    def send(self, *, to: str, text: str) -> None:
        body = json.dumps({"to": to, "from": settings.SMS_SENDER, "text": text}).encode()
        provider_post(settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN, body, error=SmsError, name="SMS")


def provider_post(url: str, token: str, body: bytes, *, error: type[Exception], name: str) -> None:
    """POST a JSON body with a bearer token to a message provider (texts, voice calls); `error`
    (worth retrying) when it cannot be reached or does not accept it."""
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status >= 300:
                raise error(f"{name} provider answered {response.status}")
    except (urllib.error.URLError, TimeoutError) as failure:
        raise error(str(failure)) from failure


def send_sms(*, to: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(to=to, text=text)
