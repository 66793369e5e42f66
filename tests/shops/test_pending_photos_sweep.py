"""Photos kept across a product form's error are swept once their form was given up."""

from __future__ import annotations

import datetime as dt
import io
import os

from django.core.files.storage import default_storage
from PIL import Image

from marketplace.celery import app
from shops import photos
from shops.tasks import pending_photos_sweep_task


def a_photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 40)).save(buffer, "JPEG")
    return photos.photo_prepare(buffer.getvalue())


def age(token: str, *, hours: float) -> None:
    path = default_storage.path(photos.pending_path(token))
    then = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def test_the_hourly_sweep_removes_photos_kept_over_a_day_and_leaves_the_fresh_one(settings):
    session: dict = {}
    given_up = photos.pending_save(session=session, photo=a_photo())
    fresh = photos.pending_save(session=session, photo=a_photo())
    age(given_up, hours=25)
    age(fresh, hours=1)

    assert pending_photos_sweep_task() == 1  # what beat queues, run here

    assert not default_storage.exists(photos.pending_path(given_up))
    assert not photos.pending_owned(session=session, token=given_up)
    assert photos.pending_take(session=session, token=fresh) is not None  # the merchant still fixing the form
    assert app.conf.beat_schedule["shops-pending-photos-sweep"]["task"] == pending_photos_sweep_task.name


def test_the_sweep_with_nothing_ever_kept_removes_nothing(settings):
    assert photos.pending_sweep() == 0
