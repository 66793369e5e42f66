"""The town hall writes a survey's questions as text, one a line: a pure parser (no ORM).

    single: Que devrait accueillir la halle ? | Le marché | Des événements | Les deux
    multiple: Quand y viendriez-vous ? | Le matin | Le midi | Le soir
    scale: La restauration est-elle importante pour vous ?
    text: Une idée à nous confier ?

French keywords (unique, multiple, echelle, texte) work too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

KINDS = {
    "single": "single",
    "unique": "single",
    "multiple": "multiple",
    "scale": "scale",
    "echelle": "scale",
    "échelle": "scale",
    "text": "text",
    "texte": "text",
}
MAX_QUESTIONS = 40


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    choices: tuple[str, ...] = ()


class QuestionsInvalid(ValueError):
    """The text has a line that is no question; the message says which and why."""


def questions_parse(text: str) -> list[QuestionSpec]:
    specs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        keyword, colon, rest = line.partition(":")
        kind = KINDS.get(keyword.strip().lower())
        if not colon or kind is None:
            raise QuestionsInvalid(
                _("Line %(n)s: start with single:, multiple:, scale: or text:.") % {"n": number}
            )
        parts = [part.strip() for part in rest.split("|")]
        question, choices = parts[0], tuple(part for part in parts[1:] if part)
        if not question:
            raise QuestionsInvalid(_("Line %(n)s: the question is missing.") % {"n": number})
        if kind in ("single", "multiple") and len(choices) < 2:
            raise QuestionsInvalid(
                _("Line %(n)s: give at least two choices, separated by |.") % {"n": number}
            )
        if kind in ("scale", "text") and choices:
            raise QuestionsInvalid(_("Line %(n)s: this kind of question takes no choices.") % {"n": number})
        specs.append(QuestionSpec(kind=kind, text=question[:300], choices=tuple(c[:200] for c in choices)))
    if not specs:
        raise QuestionsInvalid(_("Write at least one question."))
    if len(specs) > MAX_QUESTIONS:
        raise QuestionsInvalid(_("At most %(n)s questions.") % {"n": MAX_QUESTIONS})
    return specs
