"""Shop forms on their own: SIRET typing, a week's opening ranges, closures."""

import datetime as dt

import pytest

from shops.forms import ClosureFormSet, OpeningHoursFormSet, ShopApplicationForm
from shops.hours import TimeRange


def hours_formset(*rows: tuple[str, str, str], deleted: tuple[int, ...] = ()) -> OpeningHoursFormSet:
    data = {"hours-TOTAL_FORMS": str(len(rows) + 1), "hours-INITIAL_FORMS": "0"}
    for index, (weekday, opens, closes) in enumerate(rows):
        data |= {
            f"hours-{index}-weekday": weekday,
            f"hours-{index}-opens": opens,
            f"hours-{index}-closes": closes,
        }
        if index in deleted:
            data[f"hours-{index}-DELETE"] = "on"
    return OpeningHoursFormSet(data, prefix="hours")


def test_a_week_with_two_ranges_a_day_and_a_blank_row_is_valid():
    formset = hours_formset(("1", "15:30", "19:30"), ("1", "08:00", "13:00"), ("6", "09:00", "12:00"))

    assert formset.is_valid()
    assert formset.hours_by_day() == {
        1: [TimeRange(dt.time(15, 30), dt.time(19, 30)), TimeRange(dt.time(8), dt.time(13))],
        6: [TimeRange(dt.time(9), dt.time(12))],
    }


def test_closing_at_midnight_is_allowed():
    assert hours_formset(("4", "18:00", "00:00")).is_valid()


def test_ranges_touching_end_to_start_do_not_overlap():
    assert hours_formset(("0", "08:00", "12:00"), ("0", "12:00", "14:00")).is_valid()


def test_every_wrong_day_is_named():
    formset = hours_formset(
        ("0", "08:00", "13:00"), ("0", "12:30", "14:00"), ("2", "18:00", "09:00"), ("3", "08:00", "12:00")
    )

    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        "Monday: 08:00–13:00 and 12:30–14:00 overlap.",
        "Wednesday: 18:00–09:00 closes before it opens.",
    ]


def test_a_deleted_row_no_longer_counts():
    formset = hours_formset(("0", "08:00", "13:00"), ("0", "12:30", "14:00"), deleted=(1,))

    assert formset.is_valid()
    assert formset.hours_by_day() == {0: [TimeRange(dt.time(8), dt.time(13))]}


def test_a_row_missing_its_day_is_refused():
    formset = hours_formset(("", "08:00", "13:00"))
    assert not formset.is_valid()
    assert formset.errors[0]["weekday"] == ["This field is required."]


def test_a_closure_ending_before_it_starts_is_refused_on_its_end_date():
    data = {
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-0-start_date": "2031-08-10",
        "closures-0-end_date": "2031-08-01",
    }
    formset = ClosureFormSet(data, prefix="closures")

    assert not formset.is_valid()
    assert formset.errors[0]["end_date"] == ["The closure cannot end before it starts."]


def test_a_one_day_closure_is_fine():
    data = {
        "closures-TOTAL_FORMS": "2",
        "closures-INITIAL_FORMS": "0",
        "closures-0-start_date": "2031-08-15",
        "closures-0-end_date": "2031-08-15",
        "closures-0-reason": "Bank holiday",
    }
    formset = ClosureFormSet(data, prefix="closures")

    assert formset.is_valid()
    [closure] = formset.periods()
    assert (closure.start, closure.end, closure.reason) == (
        dt.date(2031, 8, 15),
        dt.date(2031, 8, 15),
        "Bank holiday",
    )


@pytest.mark.parametrize("typed", ["73282932000074", "732 829 320 00074", " 73282932000074 "])
def test_a_siret_is_kept_as_its_digits_however_it_is_typed(db, typed):
    form = ShopApplicationForm(data={"siret": typed})
    form.is_valid()
    assert "siret" not in form.errors
    assert form.cleaned_data["siret"] == "73282932000074"
