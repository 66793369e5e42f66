import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_home_page_fits_a_phone_screen(page):
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
