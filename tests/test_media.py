"""Uploaded pictures are served in production (DEBUG off, as `docker compose up` runs) from the media
folder, and only from it; with a remote storage the site serves none."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from shops.factories import ShopFactory

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


def test_a_shop_logo_is_served_with_debug_off(settings, client, db):
    settings.DEBUG = False
    shop = ShopFactory()
    shop.logo.save("logo.jpg", ContentFile(JPEG))

    response = client.get(shop.logo.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == JPEG
    assert "max-age=604800" in response["Cache-Control"]


def test_nothing_outside_the_media_folder_is_served(settings, client, db, tmp_path):
    settings.DEBUG = False
    (tmp_path / "secret.txt").write_text("SECRET_KEY=do-not-leak")  # next to MEDIA_ROOT, not in it
    default_storage.save("demo/pixel.jpg", ContentFile(JPEG))

    for path in ("/media/demo/", "/media/demo/missing.jpg"):
        assert client.get(path).status_code == 404, path
    # Climbing out is refused as Django refuses any suspicious path (400, logged to django.security).
    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/demo/../../secret.txt"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert b"do-not-leak" not in response.content


def test_with_a_remote_storage_the_site_serves_no_media(settings, client, db):
    default_storage.save("logo.jpg", ContentFile(JPEG))
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}

    assert client.get("/media/logo.jpg").status_code == 404
