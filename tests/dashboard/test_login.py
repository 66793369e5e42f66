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


@pytest.mark.french
def test_merchants_log_in_with_their_email_and_find_the_way_back_to_a_forgotten_password(client):
    from shops.factories import UserFactory

    UserFactory(email="boulanger@example.com", is_staff=True)
    page = client.get(reverse("dashboard:login")).content.decode()
    assert re.search(r'<label for="id_username">E-mail</label>', page)  # not « Nom d'utilisateur »
    assert 'type="email"' in page and 'autocomplete="username"' in page
    assert f'<a href="{reverse("password-reset")}">J\'ai oublié mon mot de passe</a>' in page

    refused = client.post(
        reverse("dashboard:login"), {"username": "boulanger@example.com", "password": "pas le bon"}
    ).content.decode()
    assert "Cet e-mail et ce mot de passe ne correspondent à aucun compte." in refused
    assert 'value="boulanger@example.com"' in refused  # kept, to correct the password only
