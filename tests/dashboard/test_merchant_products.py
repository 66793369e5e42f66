"""A merchant's products in Oscar's dashboard: created and edited with their own shop's stock record."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
FORMSETS = ("category_formset", "image_formset", "recommended_formset", "stockrecord_formset")


def posted_form(response) -> dict:
    """What the browser would post back from a product page as it was rendered."""
    data = {}
    forms = [response.context["form"]]
    for name in FORMSETS:
        formset = response.context[name]
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif value is not None and value is not False:
                data[field.html_name] = value
            if field.field.show_hidden_initial:
                data[field.html_initial_name] = field.initial
    return data


def stock_field(response, name: str) -> str:
    return f"{response.context['stockrecord_formset'].prefix}-0-{name}"


@pytest.fixture
def category(db) -> Category:
    return Category.add_root(name="Bakery")


@pytest.fixture
def edit_url(shop_a, category) -> str:
    # Oscar requires a category on every standalone product it saves.
    shop_a.product.categories.add(category)
    return reverse("dashboard:catalogue-product", kwargs={"pk": shop_a.product.pk})


@pytest.fixture
def create_url(shop_a) -> str:
    slug = shop_a.product.product_class.slug
    return reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": slug})


def new_product_form(client, url: str, category: Category, **stock: str) -> dict:
    page = client.get(url)
    data = posted_form(page)
    data["title"] = "Country loaf"
    data[f"{page.context['category_formset'].prefix}-0-category"] = category.pk
    for name, value in {"partner_sku": "LOAF-1", "price": "3.20", "num_in_stock": "12", **stock}.items():
        data[stock_field(page, name)] = value
    return data


def test_merchant_creates_a_product_stocked_by_their_shop_without_choosing_it(shop_a, category, create_url):
    client = shop_a.client()
    page = client.get(create_url)

    assert "Sold by Shop A" in page.text
    assert '<select name="stockrecords-0-partner"' not in page.text
    assert page.context["stockrecord_formset"].forms[0]["partner"].is_hidden
    response = client.post(create_url, new_product_form(client, create_url, category))

    assert response.status_code == 302
    record = StockRecord.objects.get(product__title="Country loaf")
    assert (record.partner, record.price, record.num_in_stock) == (shop_a.shop, Decimal("3.20"), 12)


def test_merchant_cannot_create_a_stock_record_for_another_shop(shop_a, shop_b, category, create_url):
    client = shop_a.client()
    data = new_product_form(client, create_url, category)
    page = client.get(create_url)
    data[stock_field(page, "partner")] = shop_b.shop.pk

    assert client.post(create_url, data).status_code == 302
    assert StockRecord.objects.get(product__title="Country loaf").partner == shop_a.shop


def test_merchant_creating_a_product_must_give_its_price_and_stock(shop_a, category, create_url):
    client = shop_a.client()
    data = new_product_form(client, create_url, category, partner_sku="", price="", num_in_stock="")
    products_before = Product.objects.count()

    response = client.post(create_url, data)

    assert response.status_code == 200
    assert "Enter this product&#x27;s price and stock." in response.text
    assert Product.objects.count() == products_before


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("price", "-3", "Ensure this value is greater than or equal to 0."),
        ("price", "cheap", "Enter a number."),
        ("num_in_stock", "a dozen", "Enter a whole number."),
        ("num_in_stock", "-1", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_stock_input_gives_a_form_error_and_keeps_what_was_typed(
    shop_a, category, create_url, field, typed, error
):
    client = shop_a.client()
    products_before = Product.objects.count()

    response = client.post(create_url, new_product_form(client, create_url, category, **{field: typed}))

    assert response.status_code == 200
    stock_form = response.context["stockrecord_formset"].forms[0]
    assert stock_form.errors[field] == [error]
    assert stock_form[field].value() == typed
    assert response.context["form"]["title"].value() == "Country loaf"
    assert Product.objects.count() == products_before


def test_merchant_edits_their_product_and_its_stock(shop_a, edit_url):
    client = shop_a.client()
    page = client.get(edit_url)
    data = posted_form(page)
    data["title"] = "Sourdough"
    data[stock_field(page, "num_in_stock")] = "7"

    assert client.post(edit_url, data).status_code == 302
    shop_a.product.refresh_from_db()
    record = shop_a.product.stockrecords.get()
    assert (shop_a.product.title, record.num_in_stock, record.partner) == ("Sourdough", 7, shop_a.shop)


def test_merchant_cannot_move_their_stock_record_to_another_shop(shop_a, shop_b, edit_url):
    client = shop_a.client()
    page = client.get(edit_url)
    data = posted_form(page)
    data[stock_field(page, "partner")] = shop_b.shop.pk

    assert client.post(edit_url, data).status_code == 302
    assert shop_a.product.stockrecords.get().partner == shop_a.shop


def test_merchant_edit_page_offers_no_second_stock_record_row(shop_a, edit_url):

    formset = shop_a.client().get(edit_url).context["stockrecord_formset"]

    assert [form.instance for form in formset.forms] == [shop_a.product.stockrecords.get()]


def test_a_second_stock_record_row_smuggled_in_gives_an_error_not_a_crash(shop_a, edit_url):
    client = shop_a.client()
    page = client.get(edit_url)
    data = posted_form(page)
    prefix = page.context["stockrecord_formset"].prefix
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data.update(
        {f"{prefix}-1-price": "9.00", f"{prefix}-1-num_in_stock": "1", f"{prefix}-1-partner_sku": "X"}
    )

    response = client.post(edit_url, data)

    assert response.status_code == 200
    assert shop_a.product.stockrecords.count() == 1


def test_town_hall_still_chooses_the_shop_of_a_stock_record(town_hall_client, shop_a, shop_b, edit_url):
    page = town_hall_client.get(edit_url)

    assert '<select name="stockrecords-0-partner"' in page.text
    partner = page.context["stockrecord_formset"].forms[0]["partner"]
    assert not partner.is_hidden
    assert {shop_a.shop, shop_b.shop} <= set(partner.field.queryset)


def test_another_shops_image_smuggled_into_the_form_is_left_alone(shop_a, shop_b, category):
    image = ProductImage.objects.create(
        product=shop_a.product, original=SimpleUploadedFile("a.gif", TINY_GIF, content_type="image/gif")
    )
    shop_b.product.categories.add(category)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": shop_b.product.pk})
    client = shop_b.client()
    data = posted_form(client.get(url))
    data.update({"images-INITIAL_FORMS": "1", "images-0-id": image.pk, "images-0-DELETE": "on"})

    client.post(url, data)

    assert ProductImage.objects.filter(pk=image.pk, product=shop_a.product).exists()
    assert not shop_b.product.images.exists()


@pytest.mark.french
def test_the_product_lists_bulk_menu_speaks_french(shop_a):
    html = shop_a.client().get(reverse("dashboard:catalogue-product-list")).content.decode()

    assert "-- choisir une action --" in html and "choose action" not in html
