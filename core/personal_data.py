"""A resident's personal data held by apps the privacy app cannot import (the digital corner's apps sit
beside or above it): each app registers, in its ready(), how to export its part and how to erase it,
and privacy's export and account deletion call every registered part (privacy/services.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalDataPart:
    export: Callable[[Any], Any]  # the user's data in this app, as JSON-ready values
    erase: Callable[[Any], None] | None  # run in the deletion's transaction, before the account goes


_parts: dict[str, PersonalDataPart] = {}


def personal_data_register(
    *, section: str, export: Callable[[Any], Any], erase: Callable[[Any], None] | None = None
) -> None:
    """Register an app's part under `section`, its key in the export; registering again replaces it."""
    _parts[section] = PersonalDataPart(export=export, erase=erase)


def personal_data_export(user: Any) -> dict[str, Any]:
    return {section: part.export(user) for section, part in sorted(_parts.items())}


def personal_data_erase(user: Any) -> None:
    for _section, part in sorted(_parts.items()):
        if part.erase is not None:
            part.erase(user)
