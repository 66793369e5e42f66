"""The signed token of one-click unsubscribe links: who, nothing else, no expiry (old emails still work)."""

from django.core import signing

SALT = "follows.unsubscribe"


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps(user_id, salt=SALT)


def unsubscribe_user_id(token: str) -> int | None:
    """The user id in a token, or None when forged or mangled."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
