"""Voice calls through a pluggable backend, for residents reachable only on a landline: the text of
the message is read aloud by a text-to-speech provider. The console by default, an HTTP provider
in production.

`VOICE_BACKEND` names the class; a backend places one call or raises VoiceError (worth retrying).
The HTTP backend posts JSON `{"to", "from", "text", "language"}` with a bearer token to
`VOICE_HTTP_URL`, the shape of the common text-to-speech call APIs; another provider is one small
class away.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class VoiceError(Exception):
    """The provider refused or could not be reached."""


class ConsoleVoiceBackend:
    """Writes the call's text to the log, for `make run` and development."""

    def send(self, *, to: str, text: str, language: str) -> None:
        logger.warning("APPEL VOCAL to %s: %s", to, text)
        print(f"APPEL VOCAL to {to}: {text}")


class HttpVoiceBackend:
    def send(self, *, to: str, text: str, language: str) -> None:
        body = json.dumps(
            {"to": to, "from": settings.VOICE_CALLER_ID, "text": text, "language": language}
        ).encode()
        request = urllib.request.Request(
            settings.VOICE_HTTP_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.VOICE_HTTP_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status >= 300:
                    raise VoiceError(f"Voice provider answered {response.status}")
        except (urllib.error.URLError, TimeoutError) as error:
            raise VoiceError(str(error)) from error


def send_voice_call(*, to: str, text: str, language: str) -> None:
    import_string(settings.VOICE_BACKEND)().send(to=to, text=text, language=language)
