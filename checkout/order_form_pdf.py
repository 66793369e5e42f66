"""The printable weekly order form of one shop (PDF): what the digital corner hands out to residents
who are not online, who tick quantities and a time, and bring it back for the corner to key in.

`order_form_rows` gathers a shop's week as plain values; `order_form_pdf` draws them (fpdf2, pure
Python, the PDF's core fonts in Windows-1252 so French and the euro sign print as they are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF

from orders.models import Fulfilment
from orders.placement import shop_slots
from shops.models import Partner
from shops.selectors import shop_products
from shops.slots import Slot

ENCODING = "windows-1252"


@dataclass(frozen=True)
class OrderForm:
    shop_name: str
    shop_contact: str  # address and phone, one line
    week: str  # "du lundi 7 au dimanche 13 décembre"
    products: list[tuple[str, str]]  # (title, price as read: "2,40 € le pain")
    pickup_days: list[tuple[str, str]]  # (day, "9:00 – 12:30, 15:00 – 19:00")
    delivery_days: list[tuple[str, str]]
    corner: str  # where to bring it back


def slot_ranges(slots: list[Slot]) -> list[tuple[str, str]]:
    """Each local day's slots as time ranges, back-to-back slots joined, full ones left out."""
    zone = timezone.get_default_timezone()
    days = []
    open_slots = [slot for slot in slots if not slot.is_full]
    for day, day_slots in groupby(open_slots, key=lambda slot: slot.start.astimezone(zone).date()):
        ranges: list[list[dt.datetime]] = []
        for slot in day_slots:
            if ranges and ranges[-1][1] == slot.start:
                ranges[-1][1] = slot.end
            else:
                ranges.append([slot.start, slot.end])
        text = ", ".join(f"{_clock(start, zone)} – {_clock(end, zone)}" for start, end in ranges)
        days.append((capfirst(formats.date_format(day, "l j F")), text))
    return days


def _clock(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return formats.time_format(moment.astimezone(zone), "H:i")


def order_form_rows(*, shop: Partner, now: dt.datetime, corner: str) -> OrderForm:
    """A shop's products on the storefront and its times for the coming week, as the form prints them."""
    today = timezone.localdate(now)
    rows = []
    for product in shop_products(shop).prefetch_related("stockrecords"):
        record = next((record for record in product.stockrecords.all() if record.partner_id == shop.pk), None)
        if record is not None and record.price is not None:
            rows.append((product.get_title(), f"{formats.number_format(record.price, 2)} €"))
    pickup = shop_slots(shop, now=now) if shop.offers_click_collect else []
    delivery = shop_slots(shop, now=now, fulfilment=Fulfilment.DELIVERY) if shop.offers_delivery else []
    week_end = today + dt.timedelta(days=6)
    contact = " · ".join(part for part in (shop.full_address, shop.phone) if part)
    return OrderForm(
        shop_name=shop.name,
        shop_contact=contact,
        week=_("from %(first)s to %(last)s")
        % {"first": formats.date_format(today, "l j F"), "last": formats.date_format(week_end, "l j F")},
        products=rows,
        pickup_days=slot_ranges(pickup),
        delivery_days=slot_ranges(delivery),
        corner=corner,
    )


def _text(value: str) -> str:
    # Core fonts hold Windows-1252 only: anything else (an emoji in a shop's name) prints as "?".
    return value.encode(ENCODING, errors="replace").decode(ENCODING)


def order_form_pdf(form: OrderForm) -> bytes:
    """One A4 page (more if the shop sells much): who, what and how many, when, and where to bring it."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(_text(_("Weekly order form: %(shop)s") % {"shop": form.shop_name}))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(
        width, 9, _text(_("Order form: %(shop)s") % {"shop": form.shop_name}), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 11)
    for line in (form.shop_contact, _("Week %(week)s") % {"week": form.week}):
        if line:
            pdf.multi_cell(width, 6, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(width, 8, _text(_("Who is it for?")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    for label in (_("Name"), _("Phone"), _("Address (for a delivery)")):
        pdf.cell(width, 9, _text(f"{label} : " + "." * 70), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        width,
        9,
        _text(_("Tell me by:  [ ] a voice call   [ ] a text message   [ ] a paper at the corner")),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(width, 8, _text(_("What would you like?")), new_x="LMARGIN", new_y="NEXT")
    quantity_width, price_width = 30, 35
    title_width = width - quantity_width - price_width
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(title_width, 8, _text(_("Product")), border=1)
    pdf.cell(price_width, 8, _text(_("Price")), border=1, align="R")
    pdf.cell(quantity_width, 8, _text(_("How many")), border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    for title, price in form.products:
        pdf.cell(title_width, 9, _text(title[:60]), border=1)
        pdf.cell(price_width, 9, _text(price), border=1, align="R")
        pdf.cell(quantity_width, 9, "", border=1, new_x="LMARGIN", new_y="NEXT")
    if not form.products:
        pdf.cell(
            width, 9, _text(_("No product on the marketplace this week.")), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(3)

    for heading, days in (
        (_("Pick up at the shop (tick a day and write a time)"), form.pickup_days),
        (_("Delivered to your door (tick a day and write a time)"), form.delivery_days),
    ):
        if not days:
            continue
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(width, 8, _text(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 12)
        for day, ranges in days:
            pdf.multi_cell(width, 7, _text(f"[ ] {day} : {ranges}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    pdf.set_font("Helvetica", "I", 11)
    pdf.multi_cell(width, 6, _text(form.corner), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
