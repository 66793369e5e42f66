"""Product descriptions written before sanitising on save keep only the allowed markup (text kept)."""

from django.db import migrations

from core.html import sanitize_html


def sanitise_descriptions(apps, schema_editor) -> None:
    Product = apps.get_model("catalogue", "Product")
    for product in Product.objects.exclude(description="").only("pk", "description").iterator():
        clean = sanitize_html(product.description)
        if clean != product.description:
            Product.objects.filter(pk=product.pk).update(description=clean)


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0016_pickup_point_admin"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
    ]

    operations = [migrations.RunPython(sanitise_descriptions, migrations.RunPython.noop)]
