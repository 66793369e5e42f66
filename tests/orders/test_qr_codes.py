"""Pickup and delivery QR codes read back by an ordinary QR reader (zbar), as a counter scanner would.

segno picks a Micro QR for a code this short unless told not to; zbar, like many phone and counter
scanners, does not read Micro QR, so decoding with it is what proves the code is a standard one.
"""

import ctypes.util
import io

import pytest
from django.template import Context, Template
from PIL import Image
from playwright.sync_api import Browser

from orders import services
from orders.pickup_codes import display_pickup_code
from tests.conftest import IN_CI
from tests.orders.test_notifications import _tuesday_morning, by_recipient, placed  # noqa: F401

if ctypes.util.find_library("zbar") is None:
    if IN_CI:
        pytest.fail(".ci/run installs libzbar0: it is missing", pytrace=False)
    pytest.skip("libzbar0 is missing: apt-get install libzbar0", allow_module_level=True)

from pyzbar import pyzbar  # noqa: E402  (needs libzbar, checked above)


def decoded(png: bytes) -> list[str]:
    """What zbar reads in a picture, each symbol as text; a Micro QR is not read at all."""
    return [symbol.data.decode() for symbol in pyzbar.decode(Image.open(io.BytesIO(png)))]


def test_ready_email_qr_code_reads_back_as_the_pickup_code(
    smtp_inbox, placed, django_capture_on_commit_callbacks  # noqa: F811
) -> None:
    order = placed().orders.get(shop__name="Fournil du Marché")
    with django_capture_on_commit_callbacks(execute=True):
        services.order_accept(order=order)
        services.order_mark_ready(order=order)

    [ready] = [m for m in by_recipient(smtp_inbox, "camille@example.com") if "ready" in m["Subject"]]
    [image] = [part for part in ready.walk() if part.get_content_type() == "image/png"]
    assert decoded(image.get_content()) == [order.pickup_code]
    # The code is printed under its QR code, for when the scanner fails.
    html = ready.get_body(preferencelist=("html",)).get_content()
    assert html.index("cid:pickup-qr") < html.index(display_pickup_code(order.pickup_code))


@pytest.mark.browser
def test_tracking_page_qr_code_reads_back_as_the_code(browser: Browser) -> None:
    """The tracking page's inline SVG, drawn by Chromium as a phone shows it, then read by zbar."""
    svg = Template("{% load order_tags %}{% pickup_qr code %}").render(Context({"code": "K7M4QP"}))
    page = browser.new_page()
    try:
        page.set_content(f"<body style='margin:0;background:#fff'><div id=qr>{svg}</div></body>")
        page.locator("#qr svg").evaluate("svg => { svg.style.width = '180px'; svg.style.height = '180px'; }")
        assert decoded(page.locator("#qr").screenshot()) == ["K7M4QP"]
    finally:
        page.close()
