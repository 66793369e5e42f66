"""The shop lifecycle: allowed transitions, audit entries, emails, and the merchant's invitation."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.roles import ensure_town_hall_group
from shops import services
from shops.exceptions import ContactEmailMissing, InvalidTransition, ReasonRequired
from shops.factories import ShopFactory, UserFactory
from shops.models import Partner, ShopEvent

Approval = Partner.Approval
Action = ShopEvent.Action


@pytest.fixture
def town_hall(db):
    user = UserFactory(email="mairie@example.com", is_staff=True, first_name="Anne", last_name="Maire")
    user.groups.add(ensure_town_hall_group())
    return user


def pending_shop(**kwargs) -> Partner:
    defaults = {
        "name": "Boulangerie Dupain",
        "approval": Approval.PENDING,
        "contact_name": "Paul Dupain",
        "contact_email": "paul@dupain.fr",
        "siret": "73282932000074",
    }
    return ShopFactory(**{**defaults, **kwargs})


def run_on_commit(django_capture_on_commit_callbacks, fn, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return fn(**kwargs)


def test_applying_saves_a_pending_shop_logs_it_and_acknowledges(db, django_capture_on_commit_callbacks):
    shop = Partner(name="Fleurs de Marie", contact_name="Marie", contact_email="marie@fleurs.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.shop_apply(shop=shop)

    shop.refresh_from_db()
    assert shop.approval == Approval.PENDING
    assert not shop.is_on_storefront
    assert list(shop.events.values_list("action", "actor")) == [(Action.APPLIED, None)]
    [acknowledgement, town_hall_told] = mail.outbox
    assert acknowledgement.to == ["marie@fleurs.fr"]
    assert "Fleurs de Marie" in acknowledgement.subject
    # With no town hall member yet, the town's contact address is told (tests/townhall/test_messages.py).
    assert town_hall_told.to == [settings.TOWN_CONTACT_EMAIL]


def test_approving_puts_the_shop_online_creates_the_merchant_and_invites_them(
    town_hall, django_capture_on_commit_callbacks
):
    shop = pending_shop()
    with django_capture_on_commit_callbacks(execute=True):
        services.shop_approve(shop=shop, actor=town_hall)

    shop.refresh_from_db()
    assert shop.approval == Approval.APPROVED
    assert Partner.objects.on_storefront().filter(pk=shop.pk).exists()
    merchant = shop.users.get()
    assert merchant.email == "paul@dupain.fr"
    assert not merchant.has_usable_password()
    assert merchant.has_perm("partner.dashboard_access")
    event = shop.events.get(action=Action.APPROVED)
    assert event.actor == town_hall and event.created_at is not None
    [message] = mail.outbox
    assert message.to == ["paul@dupain.fr"]
    assert "approved" in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Set my password" in html


def test_the_invitation_link_lets_the_merchant_set_a_password_and_reach_the_dashboard(
    town_hall, django_capture_on_commit_callbacks
):
    shop = pending_shop()
    with django_capture_on_commit_callbacks(execute=True):
        services.shop_approve(shop=shop, actor=town_hall)
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)

    client = Client()
    set_password_page = client.get(link, follow=True)
    assert set_password_page.status_code == 200
    form_url = set_password_page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Croissant-au-beurre-2024", "new_password2": "Croissant-au-beurre-2024"}
    )
    assert done.status_code == 302

    merchant = Client()
    assert merchant.login(username="paul@dupain.fr", password="Croissant-au-beurre-2024")
    assert merchant.get(reverse("dashboard:index")).status_code == 200
    assert merchant.get(reverse("dashboard:shop-profile")).status_code == 200


def test_approving_links_an_existing_account_with_the_contact_email(town_hall):
    resident = UserFactory(email="Paul@Dupain.fr")
    shop = pending_shop()

    services.shop_approve(shop=shop, actor=town_hall)

    assert list(shop.users.all()) == [resident]
    assert resident.has_perm("partner.dashboard_access")
    assert resident.has_usable_password()


def test_rejecting_needs_a_reason_and_tells_the_applicant_why(town_hall, django_capture_on_commit_callbacks):
    shop = pending_shop()
    with pytest.raises(ReasonRequired):
        services.shop_reject(shop=shop, actor=town_hall, reason="   ")
    assert not shop.events.filter(action=Action.REJECTED).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.shop_reject(shop=shop, actor=town_hall, reason="The shop is outside the town.")

    shop.refresh_from_db()
    assert shop.approval == Approval.REJECTED
    assert not shop.users.exists()
    assert shop.events.get(action=Action.REJECTED).reason == "The shop is outside the town."
    [message] = mail.outbox
    assert message.to == ["paul@dupain.fr"]
    assert "The shop is outside the town." in message.body


def test_suspending_takes_the_shop_off_the_storefront_and_tells_the_merchant(
    town_hall, django_capture_on_commit_callbacks
):
    shop = pending_shop()
    services.shop_approve(shop=shop, actor=town_hall)

    with django_capture_on_commit_callbacks(execute=True):
        services.shop_suspend(shop=shop, actor=town_hall, reason="Unpaid market fees.")

    shop.refresh_from_db()
    assert shop.approval == Approval.SUSPENDED
    assert not Partner.objects.on_storefront().filter(pk=shop.pk).exists()
    assert shop.approval_reason == "Unpaid market fees."
    [message] = mail.outbox
    assert message.to == ["paul@dupain.fr"]
    assert "Unpaid market fees." in message.body


def test_suspending_needs_a_reason(town_hall):
    shop = ShopFactory()
    with pytest.raises(ReasonRequired):
        services.shop_suspend(shop=shop, actor=town_hall, reason="")
    shop.refresh_from_db()
    assert shop.approval == Approval.APPROVED


def test_reinstating_a_suspended_shop_puts_it_back_online(town_hall, django_capture_on_commit_callbacks):
    shop = pending_shop()
    services.shop_approve(shop=shop, actor=town_hall)
    services.shop_suspend(shop=shop, actor=town_hall, reason="Unpaid market fees.")

    with django_capture_on_commit_callbacks(execute=True):
        services.shop_reinstate(shop=shop, actor=town_hall, reason="Fees paid.")

    shop.refresh_from_db()
    assert shop.approval == Approval.APPROVED
    assert "back on the marketplace" in mail.outbox[-1].subject
    assert list(shop.events.values_list("action", flat=True)) == [
        Action.REINSTATED,
        Action.SUSPENDED,
        Action.APPROVED,
    ]


def test_reinstating_a_rejected_application_puts_it_back_in_the_queue(town_hall):
    shop = pending_shop()
    services.shop_reject(shop=shop, actor=town_hall, reason="Missing SIRET.")

    services.shop_reinstate(shop=shop, actor=town_hall)

    shop.refresh_from_db()
    assert shop.approval == Approval.PENDING
    services.shop_approve(shop=shop, actor=town_hall)
    assert Partner.objects.on_storefront().filter(pk=shop.pk).exists()


@pytest.mark.parametrize(
    ("approval", "service", "kwargs"),
    [
        (Approval.APPROVED, services.shop_approve, {}),
        (Approval.SUSPENDED, services.shop_approve, {}),
        (Approval.REJECTED, services.shop_approve, {}),
        (Approval.APPROVED, services.shop_reject, {"reason": "No."}),
        (Approval.PENDING, services.shop_suspend, {"reason": "No."}),
        (Approval.REJECTED, services.shop_suspend, {"reason": "No."}),
        (Approval.PENDING, services.shop_reinstate, {}),
        (Approval.APPROVED, services.shop_reinstate, {}),
    ],
)
def test_transitions_not_allowed_change_nothing(town_hall, approval, service, kwargs):
    shop = pending_shop(approval=approval)

    with pytest.raises(InvalidTransition) as error:
        service(shop=shop, actor=town_hall, **kwargs)

    assert "cannot be" in error.value.message
    shop.refresh_from_db()
    assert shop.approval == approval
    assert not shop.events.exists()
    assert not shop.users.exists()
    assert mail.outbox == []


def test_allowed_actions_follow_the_transitions():
    assert services.allowed_actions(Approval.PENDING) == [Action.APPROVED, Action.REJECTED]
    assert services.allowed_actions(Approval.APPROVED) == [Action.SUSPENDED]
    assert services.allowed_actions(Approval.SUSPENDED) == [Action.REINSTATED]
    assert services.allowed_actions(Approval.REJECTED) == [Action.REINSTATED]


def test_emails_wait_for_the_commit(town_hall, django_capture_on_commit_callbacks):
    shop = pending_shop()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.shop_approve(shop=shop, actor=town_hall)
    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == 1


def test_the_quick_switch_closes_with_a_message_and_reopens(db):
    shop = ShopFactory()

    services.shop_temporary_closure_set(shop=shop, closed=True, message=" Back at 3 pm ")
    shop.refresh_from_db()
    assert shop.temporarily_closed and shop.closed_message == "Back at 3 pm"
    assert shop.status_at().temporarily_closed

    services.shop_temporary_closure_set(shop=shop, closed=False, message="ignored")
    shop.refresh_from_db()
    assert not shop.temporarily_closed and shop.closed_message == ""


def test_a_shop_without_any_email_cannot_be_approved(town_hall):
    shop = pending_shop(contact_email="", email="")

    with pytest.raises(ContactEmailMissing):
        services.shop_approve(shop=shop, actor=town_hall)

    shop.refresh_from_db()
    assert shop.approval == Approval.PENDING
    assert not shop.events.exists()
