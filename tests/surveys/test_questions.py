"""The town hall's questions written as text: parsed, or refused with the line at fault."""

import pytest

from surveys.questions import QuestionsInvalid, QuestionSpec, questions_parse


def test_every_kind_in_english_or_french():
    text = """
    single: Que devrait accueillir la halle ? | Le marché | Des événements
    multiple: Quand y viendriez-vous ? | Le matin | Le soir | Le week-end
    échelle: La restauration est-elle importante ?
    texte: Une idée ?
    """
    assert questions_parse(text) == [
        QuestionSpec("single", "Que devrait accueillir la halle ?", ("Le marché", "Des événements")),
        QuestionSpec("multiple", "Quand y viendriez-vous ?", ("Le matin", "Le soir", "Le week-end")),
        QuestionSpec("scale", "La restauration est-elle importante ?"),
        QuestionSpec("text", "Une idée ?"),
    ]


@pytest.mark.parametrize(
    "text, line",
    [
        ("single: Une seule option | A", "Line 1"),
        ("text: ok\nhello", "Line 2"),
        ("scale: Note | 1 | 2", "Line 1"),
        ("single: | A | B", "Line 1"),
        ("", "at least one"),
    ],
)
def test_wrong_lines_are_named(text, line):
    with pytest.raises(QuestionsInvalid, match=line):
        questions_parse(text)
