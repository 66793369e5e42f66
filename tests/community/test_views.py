"""The merchants' space: merchants only, the town hall moderates, a new post reaches the others by digest."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.models import CommunityPost
from community.services import community_digests_queue

pytestmark = pytest.mark.django_db
LIST = "dashboard:community-list"


@pytest.mark.parametrize(
    "who, allowed",
    [("merchant", True), ("town_hall", True), ("manager", False), ("resident", False), ("anonymous", False)],
)
def test_merchants_and_the_town_hall_read_the_space(people, who, allowed):
    assert (people[who].get(reverse(LIST)).status_code == 200) is allowed


def test_a_merchant_posts_another_answers_the_town_hall_hides(people, shop, other_shop):
    response = people["merchant"].post(
        reverse(LIST), {"kind": "question", "title": "Photos sur fond blanc ?", "text": "Quel éclairage ?"}
    )
    assert response.status_code == 302
    post = CommunityPost.objects.get()
    assert post.shop == shop
    url = reverse("dashboard:community-post", kwargs={"pk": post.pk})
    people["other_merchant"].post(url, {"text": "Une fenêtre au nord, le matin."})
    assert "Une fenêtre au nord" in people["merchant"].get(url).content.decode()
    assert people["merchant"].post(reverse(LIST), {"kind": "spam", "title": ""}).status_code == 400

    # The town hall cannot post (it runs no shop) but hides; merchants hiding is refused.
    assert (
        people["town_hall"].post(reverse(LIST), {"kind": "post", "title": "x", "text": "y"}).status_code
        == 404
    )
    hide = reverse("dashboard:community-post-hide", kwargs={"pk": post.pk})
    people["merchant"].post(hide, {"reason": "moi"})
    post.refresh_from_db()
    assert post.hidden_at is None
    people["town_hall"].post(hide, {"reason": "Publicité"})
    assert "Photos sur fond blanc" not in people["other_merchant"].get(reverse(LIST)).content.decode()
    assert people["other_merchant"].get(url).status_code == 404
    assert "Photos sur fond blanc" in people["town_hall"].get(reverse(LIST)).content.decode()


def test_a_new_post_reaches_the_other_merchants_by_the_next_morning_digest(
    people, shop, other_shop, django_capture_on_commit_callbacks
):
    people["merchant"].post(reverse(LIST), {"kind": "tip", "title": "Astuce vitrine", "text": "..."})
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert community_digests_queue(today=tomorrow) == 1
        assert community_digests_queue(today=tomorrow) == 0
    [email] = mail.outbox
    assert email.to == [other_shop.users.get().email]  # not the author's own shop
    assert "Astuce vitrine" in email.body
    assert community_digests_queue(today=tomorrow + dt.timedelta(days=1)) == 0  # nothing new
