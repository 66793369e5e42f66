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

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from orders.sms import provider_post


class VoiceError(Exception):
    """The provider refused or could not be reached."""


class ConsoleVoiceBackend:
    """Prints the call's text to the console (once, not also logged), for `make run` and development."""

    def send(self, *, to: str, text: str, language: str) -> None:
        print(f"APPEL VOCAL to {to}: {text}")


class HttpVoiceBackend:
    def send(self, *, to: str, text: str, language: str) -> None:
        body = json.dumps(
            {"to": to, "from": settings.VOICE_CALLER_ID, "text": text, "language": language}
        ).encode()
        provider_post(
            settings.VOICE_HTTP_URL, settings.VOICE_HTTP_TOKEN, body, error=VoiceError, name="Voice"
        )


def spoken_text(text: str, *, pickup_code: str = "") -> str:
    """What the call says: the text message's words, with the pickup code spelt one character at a
    time (a text-to-speech engine reads "K7M-4QP" as a word), and said twice, as a listener with no
    pen at hand needs. In the active language."""
    if pickup_code:
        text = text.replace(pickup_code, ", ".join(char for char in pickup_code if char.isalnum()))
    return _("%(text)s I repeat: %(text)s") % {"text": text}


def send_voice_call(*, to: str, text: str, language: str) -> None:
    import_string(settings.VOICE_BACKEND)().send(to=to, text=text, language=language)
