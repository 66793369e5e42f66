"""Shop dashboard: who reaches the application queue, the town hall's decisions, and "My shop"."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.roles import ensure_town_hall_group
from shops.factories import ClosureFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner, ShopEvent

Approval = Partner.Approval


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town_hall(db):
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    return user


@pytest.fixture
def shop(db) -> Partner:
    return ShopFactory(name="Boulangerie Dupain", contact_name="Paul", contact_email="paul@dupain.fr")


@pytest.fixture
def merchant(shop):
    return make_merchant(shop, email="paul@dupain.fr")


@pytest.fixture
def application(db) -> Partner:
    return ShopFactory(
        name="Fleurs de Marie",
        approval=Approval.PENDING,
        siret="73282932000074",
        contact_name="Marie Fleur",
        contact_email="marie@fleurs.fr",
    )


# --- Who reaches the queue


@pytest.mark.parametrize("url_name", ["dashboard:shop-application-list", "dashboard:shop-application-detail"])
def test_merchants_and_residents_are_refused_the_queue(url_name, merchant, application):
    url = reverse(url_name, args=[application.pk] if "detail" in url_name else [])
    resident = UserFactory(email="resident@example.com")

    assert logged_in(merchant).get(url).status_code == 403
    assert logged_in(resident).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("dashboard:login") in anonymous["Location"]


def test_merchants_and_residents_cannot_decide(merchant, application):
    url = reverse("dashboard:shop-application-approve", args=[application.pk])

    assert logged_in(merchant).post(url).status_code == 403
    assert Client().post(url).status_code == 302
    application.refresh_from_db()
    assert application.approval == Approval.PENDING


def test_staff_without_the_town_hall_role_is_refused(application):
    staff = UserFactory(email="staff@example.com", is_staff=True)
    assert logged_in(staff).get(reverse("dashboard:shop-application-list")).status_code == 403


def test_the_menu_shows_each_role_its_own_entry(town_hall, merchant):
    town_hall_page = logged_in(town_hall).get(reverse("dashboard:index")).content.decode()
    merchant_page = logged_in(merchant).get(reverse("dashboard:index")).content.decode()

    assert reverse("dashboard:shop-application-list") in town_hall_page
    assert reverse("dashboard:shop-profile") not in town_hall_page
    assert reverse("dashboard:shop-profile") in merchant_page
    assert reverse("dashboard:shop-application-list") not in merchant_page


# --- The queue


def test_the_queue_lists_pending_applications_first_with_counts(town_hall, shop, application):
    response = logged_in(town_hall).get(reverse("dashboard:shop-application-list"))

    assert response.status_code == 200
    assert list(response.context["shops"]) == [application]
    counts = {tab["state"]: tab["count"] for tab in response.context["tabs"]}
    assert counts[Approval.PENDING] == 1 and counts[Approval.APPROVED] == 1 and counts["all"] == 2

    everything = logged_in(town_hall).get(reverse("dashboard:shop-application-list"), {"approval": "all"})
    assert list(everything.context["shops"]) == [application, shop]


def test_the_queue_does_as_many_queries_for_many_shops_as_for_one(
    town_hall, application, django_assert_max_num_queries
):
    client = logged_in(town_hall)
    url = reverse("dashboard:shop-application-list")
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(100) as one:
        client.get(url)
    for n in range(10):
        ShopFactory(approval=Approval.PENDING, hours=False, contact_email=f"s{n}@example.com")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_detail_shows_the_application_and_its_history(town_hall, application):
    ShopEvent.objects.create(shop=application, action=ShopEvent.Action.APPLIED)

    response = logged_in(town_hall).get(reverse("dashboard:shop-application-detail", args=[application.pk]))

    page = response.content.decode()
    assert "73282932000074" in page and "marie@fleurs.fr" in page
    assert "Applied" in page
    assert [a["action"] for a in response.context["actions"]] == ["approved", "rejected"]


# --- Decisions through the views


def test_the_town_hall_approves_an_application(town_hall, application, django_capture_on_commit_callbacks):
    client = logged_in(town_hall)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboard:shop-application-approve", args=[application.pk]), follow=True
        )

    assert "Fleurs de Marie is approved" in response.content.decode()
    application.refresh_from_db()
    assert application.approval == Approval.APPROVED
    assert application.users.get().email == "marie@fleurs.fr"
    assert application.events.get().actor == town_hall
    assert mail.outbox[0].to == ["marie@fleurs.fr"]


def test_rejecting_without_a_reason_keeps_the_page_and_changes_nothing(town_hall, application):
    response = logged_in(town_hall).post(
        reverse("dashboard:shop-application-reject", args=[application.pk]), {"rejected-reason": ""}
    )

    assert response.status_code == 200
    assert "Please give a reason: it is sent to the shop." in response.content.decode()
    application.refresh_from_db()
    assert application.approval == Approval.PENDING


def test_the_town_hall_rejects_with_a_reason(town_hall, application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(town_hall).post(
            reverse("dashboard:shop-application-reject", args=[application.pk]),
            {"rejected-reason": "Not in our town."},
        )

    application.refresh_from_db()
    assert application.approval == Approval.REJECTED
    assert application.approval_reason == "Not in our town."
    assert "Not in our town." in mail.outbox[0].body


def test_the_town_hall_suspends_then_reinstates_a_shop(town_hall, shop, merchant):
    client = logged_in(town_hall)
    client.post(
        reverse("dashboard:shop-application-suspend", args=[shop.pk]), {"suspended-reason": "Hygiene check."}
    )
    shop.refresh_from_db()
    assert shop.approval == Approval.SUSPENDED

    banner = logged_in(merchant).get(reverse("dashboard:shop-profile")).content.decode()
    assert "Your shop is suspended by the town hall" in banner and "Hygiene check." in banner

    client.post(reverse("dashboard:shop-application-reinstate", args=[shop.pk]), {"reinstated-reason": ""})
    shop.refresh_from_db()
    assert shop.approval == Approval.APPROVED


def test_a_decision_the_state_does_not_allow_is_explained(town_hall, shop):
    response = logged_in(town_hall).post(
        reverse("dashboard:shop-application-approve", args=[shop.pk]), follow=True
    )

    assert "This shop is approved: it cannot be approved." in response.content.decode()
    assert not shop.events.exists()


# --- My shop


def profile_data(shop: Partner, **changes) -> dict:
    """What the "My shop" form posts when the merchant changes nothing but `changes`."""
    data = {
        "profile-name": shop.name,
        "profile-description": shop.description,
        "profile-street": shop.street,
        "profile-postcode": shop.postcode,
        "profile-city": shop.city,
        "profile-phone": shop.phone,
        "profile-email": shop.email,
        "profile-website": shop.website,
        "profile-facebook_url": "",
        "profile-instagram_url": "",
        "profile-offers_click_collect": "on",
        "profile-accepts_pay_at_pickup": "on",
        "profile-preparation_minutes": "60",
        "profile-slot_minutes": "30",
        "profile-slot_capacity": "4",
        "profile-uncollected_cancel_days": str(shop.uncollected_cancel_days),
        "profile-slot_horizon_days": str(shop.slot_horizon_days),
        "profile-delivery_postcodes": shop.delivery_postcodes,
        "profile-delivery_fee": str(shop.delivery_fee),
        "profile-delivery_free_from": "",
        "profile-delivery_minimum": str(shop.delivery_minimum),
        "profile-delivery_window_minutes": str(shop.delivery_window_minutes),
        "profile-delivery_capacity": str(shop.delivery_capacity),
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-opens": "08:00",
        "hours-0-closes": "13:00",
        "hours-1-weekday": "0",
        "hours-1-opens": "15:30",
        "hours-1-closes": "19:30",
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-0-start_date": "",
        "closures-0-end_date": "",
        "closures-0-reason": "",
    }
    data.update(changes)
    return data


def test_a_user_without_a_shop_gets_404(town_hall):
    assert logged_in(town_hall).get(reverse("dashboard:shop-profile")).status_code == 404


def test_residents_and_anonymous_cannot_open_my_shop(db):
    resident = UserFactory(email="resident@example.com")
    assert logged_in(resident).get(reverse("dashboard:shop-profile")).status_code == 403
    assert Client().get(reverse("dashboard:shop-profile")).status_code == 302


def test_my_shop_shows_the_current_hours(merchant):
    response = logged_in(merchant).get(reverse("dashboard:shop-profile"))

    assert response.status_code == 200
    assert len(response.context["hours"].initial) == 12  # the factory's two ranges, Monday to Saturday
    assert 'value="15:00"' in response.content.decode()


def test_the_merchant_edits_profile_hours_and_closures(merchant, shop):
    start = timezone.localdate() + dt.timedelta(days=10)
    data = profile_data(
        shop,
        **{
            "profile-name": "Boulangerie Dupain & fils",
            "profile-offers_delivery": "on",
            "profile-slot_capacity": "6",
            "closures-0-start_date": start.isoformat(),
            "closures-0-end_date": (start + dt.timedelta(days=6)).isoformat(),
            "closures-0-reason": "Holidays",
        },
    )

    response = logged_in(merchant).post(reverse("dashboard:shop-profile"), data, follow=True)

    assert "Your shop is saved." in response.content.decode()
    shop.refresh_from_db()
    assert shop.name == "Boulangerie Dupain & fils"
    assert shop.offers_delivery and shop.slot_capacity == 6
    assert [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in shop.opening_hours.all()] == [
        (0, "08:00", "13:00"),
        (0, "15:30", "19:30"),
    ]
    assert [(c.start_date, c.reason) for c in shop.closures.all()] == [(start, "Holidays")]


def test_the_merchant_sets_delivery_zone_fee_and_threshold(merchant, shop):
    changes = {
        "profile-offers_delivery": "on",
        "profile-delivery_postcodes": "78220, 78140",
        "profile-delivery_fee": "3.50",
        "profile-delivery_free_from": "40",
        "profile-delivery_minimum": "15",
    }
    logged_in(merchant).post(reverse("dashboard:shop-profile"), profile_data(shop, **changes))
    shop.refresh_from_db()
    rules = shop.delivery_rules()
    assert rules.postcodes == {"78220", "78140"}
    assert (rules.fee, rules.free_from, rules.minimum) == (Decimal("3.50"), Decimal("40"), Decimal("15"))


def test_the_merchant_turns_payment_at_pickup_off(merchant, shop):
    data = profile_data(shop)
    del data["profile-accepts_pay_at_pickup"]
    logged_in(merchant).post(reverse("dashboard:shop-profile"), data)
    shop.refresh_from_db()
    assert not shop.accepts_pay_at_pickup


def test_the_merchant_keeps_uncollected_orders_longer(merchant, shop):
    assert 'name="profile-uncollected_cancel_days" value="3"' in logged_in(merchant).get(
        reverse("dashboard:shop-profile")
    ).content.decode()
    data = profile_data(shop, **{"profile-uncollected_cancel_days": "7"})
    logged_in(merchant).post(reverse("dashboard:shop-profile"), data)
    shop.refresh_from_db()
    assert shop.uncollected_cancel_days == 7


def test_the_merchant_takes_orders_further_ahead_for_christmas(merchant, shop, client):
    assert 'name="profile-slot_horizon_days" value="14"' in logged_in(merchant).get(
        reverse("dashboard:shop-profile")
    ).content.decode()
    data = profile_data(shop, **{"profile-slot_horizon_days": "30"})
    logged_in(merchant).post(reverse("dashboard:shop-profile"), data)
    shop.refresh_from_db()
    assert shop.slot_horizon_days == 30


def test_a_negative_delivery_fee_is_refused_and_kept(merchant, shop):
    data = profile_data(shop, **{"profile-delivery_fee": "-2", "profile-name": "Nouveau nom"})
    response = logged_in(merchant).post(reverse("dashboard:shop-profile"), data)
    html = response.content.decode()
    assert "greater than or equal to 0" in html and 'value="Nouveau nom"' in html
    shop.refresh_from_db()
    assert shop.name != "Nouveau nom"


def test_delivery_without_postcodes_keeps_what_was_typed_and_saves_nothing(merchant, shop):
    data = profile_data(shop, **{"profile-offers_delivery": "on", "profile-delivery_postcodes": "Viroflay"})
    response = logged_in(merchant).post(reverse("dashboard:shop-profile"), data)
    html = response.content.decode()
    assert "Give the postcodes you deliver to, or untick delivery." in html
    assert 'name="profile-delivery_postcodes" value="Viroflay"' in html
    assert re.search(r'<input type="checkbox" name="profile-offers_delivery"[^>]* checked>', html)
    shop.refresh_from_db()
    assert not shop.offers_delivery


def test_no_postcodes_are_needed_without_delivery(merchant, shop):
    logged_in(merchant).post(
        reverse("dashboard:shop-profile"), profile_data(shop, **{"profile-delivery_postcodes": ""})
    )
    shop.refresh_from_db()
    assert shop.delivery_postcodes == "" and not shop.offers_delivery


def test_past_closures_are_kept_as_history(merchant, shop):
    past = ClosureFactory(shop=shop, start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 1, 2))
    logged_in(merchant).post(reverse("dashboard:shop-profile"), profile_data(shop))
    assert list(shop.closures.all()) == [past]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"hours-1-opens": "12:00", "hours-1-closes": "14:00"},
            "Monday: 08:00–13:00 and 12:00–14:00 overlap.",
        ),
        (
            {"hours-1-opens": "19:30", "hours-1-closes": "15:30"},
            "Monday: 19:30–15:30 closes before it opens.",
        ),
        (
            {"hours-1-weekday": "5", "hours-1-closes": "15:00"},
            "Saturday: 15:30–15:00 closes before it opens.",
        ),
        ({"hours-1-closes": ""}, "This field is required."),
        ({"profile-postcode": "123"}, "A French postcode has five digits."),
        ({"profile-slot_minutes": "5"}, "Ensure this value is greater than or equal to 10."),
        ({"profile-uncollected_cancel_days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"profile-slot_horizon_days": "61"}, "Ensure this value is less than or equal to 60."),
        (
            {"closures-0-start_date": "2031-05-10", "closures-0-end_date": "2031-05-01"},
            "The closure cannot end before it starts.",
        ),
        (
            {"profile-offers_delivery": "on", "profile-delivery_postcodes": ""},
            "Give the postcodes you deliver to, or untick delivery.",
        ),
        (
            {"profile-offers_delivery": "on", "profile-delivery_postcodes": "Viroflay"},
            "Give the postcodes you deliver to, or untick delivery.",
        ),
    ],
)
def test_bad_input_is_explained_keeps_what_was_typed_and_saves_nothing(merchant, shop, changes, message):
    data = profile_data(shop, **{"profile-name": "A new name"}, **changes)

    response = logged_in(merchant).post(reverse("dashboard:shop-profile"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Nothing was saved yet" in page
    assert 'value="A new name"' in page
    shop.refresh_from_db()
    assert shop.name == "Boulangerie Dupain"
    assert shop.opening_hours.count() == 12


def test_a_merchant_only_ever_edits_their_own_shop(merchant, shop):
    other = ShopFactory(name="Other shop")
    make_merchant(other, email="other@example.com")

    response = logged_in(merchant).post(
        reverse("dashboard:shop-profile"), profile_data(shop, **{"profile-name": "Renamed"})
    )

    assert response.status_code == 302
    other.refresh_from_db()
    shop.refresh_from_db()
    assert other.name == "Other shop" and shop.name == "Renamed"
    assert other.opening_hours.count() == 12


def test_the_quick_switch_closes_and_reopens_the_shop(merchant, shop):
    client = logged_in(merchant)

    response = client.post(
        reverse("dashboard:shop-today"),
        {"today-closed": "True", "today-message": "Back at 3 pm"},
        follow=True,
    )
    assert "Residents now see your shop as closed for now." in response.content.decode()
    shop.refresh_from_db()
    assert shop.temporarily_closed and shop.closed_message == "Back at 3 pm"
    assert "Open again now" in response.content.decode()

    client.post(reverse("dashboard:shop-today"), {"today-closed": "False", "today-message": ""})
    shop.refresh_from_db()
    assert not shop.temporarily_closed


def test_a_too_long_closed_message_is_explained_and_kept(merchant, shop):
    message = "x" * 201
    response = logged_in(merchant).post(
        reverse("dashboard:shop-today"), {"today-closed": "True", "today-message": message}
    )

    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert f'value="{message}"' in response.content.decode()
    shop.refresh_from_db()
    assert not shop.temporarily_closed


def test_a_pending_shop_sees_a_banner(db):
    shop = ShopFactory(approval=Approval.PENDING)
    merchant = make_merchant(shop)
    page = logged_in(merchant).get(reverse("dashboard:shop-profile")).content.decode()
    assert "waiting for the town hall" in page


def test_the_merchant_uploads_a_logo(merchant, shop):
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(image, "PNG")
    logo = SimpleUploadedFile("logo.png", image.getvalue(), content_type="image/png")

    logged_in(merchant).post(reverse("dashboard:shop-profile"), {**profile_data(shop), "profile-logo": logo})

    shop.refresh_from_db()
    assert shop.logo.name.startswith("shops/logos/logo")
    assert shop.logo.storage.exists(shop.logo.name)


def test_a_file_that_is_not_an_image_is_refused(merchant, shop):
    text = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")

    response = logged_in(merchant).post(
        reverse("dashboard:shop-profile"), {**profile_data(shop), "profile-logo": text}
    )

    assert "Upload a valid image" in response.content.decode()
    shop.refresh_from_db()
    assert not shop.logo
