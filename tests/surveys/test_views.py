"""Surveys: the town hall creates and publishes, residents answer once (account or emailed link)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from surveys.models import Question, Response, Survey
from surveys.questions import questions_parse
from surveys.services import survey_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(db) -> Survey:
    return survey_create(
        title="Restauration de la halle",
        slug="halle",
        description="",
        questions=questions_parse(
            "single: Que devrait accueillir la halle ? | Le marché | Des événements\n"
            "multiple: Quand y viendriez-vous ? | Le matin | Le soir\n"
            "scale: La restauration est-elle importante ?\n"
            "text: Une idée ?"
        ),
    )


def answers(survey: Survey, *, single: int = 0, scale: str = "5", text: str = "Un café") -> dict:
    questions = {q.kind: q for q in survey.questions.all()}
    return {
        f"q{questions['single'].pk}": questions["single"].choices.all()[single].pk,
        f"q{questions['multiple'].pk}": [c.pk for c in questions["multiple"].choices.all()],
        f"q{questions['scale'].pk}": scale,
        f"q{questions['text'].pk}": text,
    }


@pytest.mark.parametrize(
    "who, allowed",
    [("manager", True), ("town_hall", True), ("merchant", False), ("resident", False), ("anonymous", False)],
)
def test_only_the_digital_corner_runs_surveys(people, hall, who, allowed):
    for url in [
        reverse("dashboard:survey-list"),
        reverse("dashboard:survey-create"),
        reverse("dashboard:survey-detail", kwargs={"pk": hall.pk}),
    ]:
        assert (people[who].get(url).status_code == 200) is allowed, (who, url)
    people[who].post(
        reverse("dashboard:survey-settings", kwargs={"pk": hall.pk}), {"results_published": "on"}
    )
    hall.refresh_from_db()
    assert hall.results_published is allowed


def test_the_town_hall_creates_a_survey_and_bad_questions_are_named(people):
    url = reverse("dashboard:survey-create")
    bad = people["town_hall"].post(url, {"title": "Halle", "slug": "halle", "questions": "single: Seul | A"})
    assert bad.status_code == 400 and "Line 1" in bad.content.decode()
    good = people["town_hall"].post(url, {"title": "Halle", "slug": "halle", "questions": "scale: Note ?"})
    assert good.status_code == 302
    assert Survey.objects.get().questions.get().kind == Question.Kind.SCALE


def test_a_resident_answers_once_and_the_published_chart_shows_it(people, hall):
    url = reverse("surveys:answer", kwargs={"slug": hall.slug})
    assert "Log in to answer" in people["anonymous"].get(url).content.decode()
    assert people["resident"].post(url, answers(hall)).status_code == 200
    assert people["resident"].post(url, answers(hall, single=1)).status_code == 409
    assert Response.objects.count() == 1
    assert "already answered" in people["resident"].get(url).content.decode()

    results = reverse("surveys:results", kwargs={"slug": hall.slug})
    assert people["anonymous"].get(results).status_code == 404  # not published yet
    people["town_hall"].post(
        reverse("dashboard:survey-settings", kwargs={"pk": hall.pk}),
        {"is_open": "on", "results_published": "on"},
    )
    page = people["anonymous"].get(results).content.decode()
    assert "Le marché — 1 (100 %)" in page and "Des événements — 0 (0 %)" in page
    # Drawn on the server: the page has no script beyond the layout's own.
    layout_scripts = people["anonymous"].get(reverse("workshops:list")).content.decode().count("<script")
    assert "<svg" in page and page.count("<script") == layout_scripts
    assert "Un café" not in page  # free texts stay with the town hall
    assert (
        "Un café"
        in people["town_hall"]
        .get(reverse("dashboard:survey-detail", kwargs={"pk": hall.pk}))
        .content.decode()
    )


def test_bad_answers_are_form_errors(people, hall):
    url = reverse("surveys:answer", kwargs={"slug": hall.slug})
    response = people["resident"].post(url, {**answers(hall), f"q{hall.questions.get(kind='scale').pk}": "9"})
    assert response.status_code == 400
    other_choice = {f"q{hall.questions.get(kind='single').pk}": "999999"}
    assert people["resident"].post(url, {**answers(hall), **other_choice}).status_code == 400
    assert not Response.objects.exists()
    assert people["resident"].get(reverse("surveys:answer", kwargs={"slug": "nope"})).status_code == 404


def test_an_emailed_link_answers_once_without_an_account(people, hall, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        people["town_hall"].post(
            reverse("dashboard:survey-invite", kwargs={"pk": hall.pk}),
            {"emails": "jeanne@example.com, paul@example.com"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["jeanne@example.com", "paul@example.com"]
    link = urlsplit(re.search(r"https?://\S+", mail.outbox[0].body).group(0))
    path = f"{link.path}?{link.query}"
    assert people["anonymous"].post(path, answers(hall)).status_code == 200
    assert people["anonymous"].post(path, answers(hall)).status_code == 409
    assert Response.objects.get().invitation.email in {"jeanne@example.com", "paul@example.com"}
    bad = people["town_hall"].post(
        reverse("dashboard:survey-invite", kwargs={"pk": hall.pk}), {"emails": "not-an-email"}
    )
    assert bad.status_code == 400
