"""The dashboard's login page, the first page a merchant or the town hall sees of it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.french
def test_the_login_page_ends_with_the_footer_linking_the_accessibility_statement(client):
    # Anyone opening the dashboard signed out lands on the login page.
    response = client.get(reverse("dashboard:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("dashboard:login"))
    page = response.content.decode()
    assert 'id="dashboard_login_form"' in page
    footer = re.search(r"<footer[^>]*>(.*?)</footer>", page, re.S)
    assert footer is not None, "the login page has no footer"
    assert re.search(r'<a href="/accessibilite/">\s*Accessibilité\s*</a>', footer.group(1))
