"""The public application form: a valid application makes a pending shop; bad input saves nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from shops.factories import ShopFactory, shop_application_data
from shops.models import Partner, ShopEvent

VALID_SIRET = "73282932000074"


@pytest.fixture
def application(db) -> dict:
    return shop_application_data()


def test_the_form_is_public(client, db):
    response = client.get(reverse("shops:apply"))
    assert response.status_code == 200
    assert b"Sell on the marketplace" in response.content


def test_a_valid_application_creates_a_pending_shop_and_thanks_the_applicant(
    client, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("shops:apply"), application, follow=True)

    assert response.redirect_chain[-1][0] == reverse("shops:apply-done")
    assert "paul@dupain.fr" in response.content.decode()
    shop = Partner.objects.get()
    assert shop.approval == Partner.Approval.PENDING
    assert shop.siret == VALID_SIRET
    assert shop.contact_email == "paul@dupain.fr"
    assert shop.offers_click_collect and not shop.offers_delivery
    assert not shop.users.exists()
    assert list(shop.events.values_list("action", flat=True)) == [ShopEvent.Action.APPLIED]
    assert mail.outbox[0].to == ["paul@dupain.fr"]


def assert_refused(response, message: str) -> None:
    """The page is shown again with the message, nothing is saved, and nobody is emailed."""
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Partner.objects.filter(name="Boulangerie Dupain").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", "73282932000075", "This SIRET number is not valid: please check the digits."),
        ("siret", "1234", "A SIRET number has 14 digits."),
        ("postcode", "7822", "A French postcode has five digits."),
        ("contact_email", "paul.dupain.fr", "Enter a valid email address."),
        ("name", "", "This field is required."),
        ("contact_email", "", "This field is required."),
        ("consent", "", "Please tick this box so that we can review your application."),
    ],
)
def test_bad_input_is_explained_keeps_what_was_typed_and_saves_nothing(
    client, application, field, value, message
):
    response = client.post(reverse("shops:apply"), {**application, field: value})

    assert_refused(response, message)
    assert response.context["form"].has_error(field)
    page = response.content.decode()
    assert "Sourdough bread baked on site." in page
    assert 'value="3 rue Jean Rey"' in page
    if value:
        assert f'value="{value}"' in page


def test_a_description_longer_than_a_page_is_refused_and_kept_to_shorten(client, application):
    """54,000 characters went through and filled the town hall's review page above its buttons."""
    long = "Pain au levain. " * 130  # 2,080 characters
    response = client.post(reverse("shops:apply"), {**application, "description": long})

    assert_refused(response, "Ensure this value has at most 2000 characters")
    assert long.strip() in response.content.decode()  # kept, to shorten
    assert 'maxlength="2000"' in response.content.decode()  # the box stops at the limit as one types
    response = client.post(reverse("shops:apply"), {**application, "description": long[:2000]})
    assert response.status_code == 302


def test_missing_fields_are_listed_at_the_top(client, application):
    response = client.post(reverse("shops:apply"), {**application, "city": "", "phone": ""})

    assert_refused(response, "Please correct the following:")
    page = response.content.decode()
    assert 'href="#id_city"' in page and 'href="#id_phone"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize(
    ("approval", "message"),
    [
        (Partner.Approval.PENDING, "An application with this SIRET number is already being reviewed"),
        (Partner.Approval.APPROVED, "A shop with this SIRET number is already on the marketplace."),
        (Partner.Approval.REJECTED, "An application with this SIRET number was turned down."),
    ],
)
def test_a_siret_that_already_applied_is_refused_clearly(client, application, approval, message):
    ShopFactory(name="Already there", siret=VALID_SIRET, approval=approval)

    response = client.post(reverse("shops:apply"), application)

    assert_refused(response, message)
    assert Partner.objects.count() == 1


def test_the_thanks_page_stands_alone(client, db):
    response = client.get(reverse("shops:apply-done"))
    assert response.status_code == 200
    assert b"The town hall will review your application" in response.content
