"""Celery tasks of shops: thin wrappers over shops' services, taking ids."""

from celery import shared_task
from oscar.core.loading import get_model
from sorl.thumbnail import get_thumbnail

from shops.photos import pending_sweep

ProductImage = get_model("catalogue", "ProductImage")

# The sizes Oscar's storefront templates ask sorl for (product card, product page, its thumbnails):
# made once here, so the first resident to open the page does not wait for them.
THUMBNAIL_SIZES = (
    ("x155", {"upscale": False}),
    ("440x400", {"upscale": False}),
    ("65x55", {"crop": "center"}),
)


@shared_task
def product_thumbnails_make_task(image_id: int) -> int:
    """Make the storefront's thumbnails of a new product photo; returns how many were made."""
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:  # the product was deleted before the worker got to it
        return 0
    for geometry, options in THUMBNAIL_SIZES:
        get_thumbnail(image.original, geometry, **options)
    return len(THUMBNAIL_SIZES)


@shared_task
def pending_photos_sweep_task() -> int:
    """Remove the photos kept across a form error whose form was given up; returns how many."""
    return pending_sweep()
