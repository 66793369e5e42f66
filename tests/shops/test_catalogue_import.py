"""Catalogue import: a merchant lists many products from a CSV or XLSX file, all or nothing."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from shops import catalogue_import
from shops.catalogue_import import COLUMNS, price_parse, read_table
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

IMPORT_URL = reverse("dashboard:catalogue-import")
CONFIRM_URL = reverse("dashboard:catalogue-import-confirm")
TEMPLATE_URL = reverse("dashboard:catalogue-import-template", kwargs={"format": "csv"})


def product_rows(count: int) -> list[list[str]]:
    return [
        [f"Pain n°{n}", f"Un pain bien cuit, recette {n}.", f"{n},50", str(n), "Boulangerie > Pains", ""]
        for n in range(1, count + 1)
    ]


def csv_file(rows: list[list[str]], header=COLUMNS, name: str = "produits.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], header=COLUMNS) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("produits.xlsx", buffer.getvalue())


@pytest.fixture
def shop(db):
    return ShopFactory(name="Boulangerie Dupain")


@pytest.fixture
def merchant(shop):
    return make_merchant(shop, email="paul@dupain.fr")


@pytest.fixture
def client(merchant) -> Client:
    client = Client()
    client.force_login(merchant)
    return client


def upload(client: Client, file: SimpleUploadedFile):
    return client.post(IMPORT_URL, {"file": file})


# --- Good files import whole


def test_fifty_products_from_csv_are_previewed_then_imported_into_the_merchants_shop(client, shop):
    preview = upload(client, csv_file(product_rows(50)))

    assert preview.status_code == 200
    assert "50 products to add to Boulangerie Dupain" in preview.content.decode()
    assert not Product.objects.exists()  # the preview adds nothing

    done = client.post(CONFIRM_URL, follow=True)

    assert "50 products were added to your shop." in done.content.decode()
    records = StockRecord.objects.select_related("product__product_class").order_by("product__title")
    assert records.count() == 50
    assert {record.partner for record in records} == {shop}
    assert {record.product.product_class.name for record in records} == {"Produit"}
    assert all(record.product.product_class.track_stock for record in records)
    seventh = records.get(product__title="Pain n°7")
    assert seventh.price == Decimal("7.50") and seventh.num_in_stock == 7
    assert seventh.product.description == "Un pain bien cuit, recette 7."
    assert [str(c) for c in seventh.product.categories.all()] == ["Boulangerie > Pains"]
    assert len({record.partner_sku for record in records}) == 50  # codes made for the empty ones


def test_fifty_products_from_xlsx_with_numbers_as_excel_stores_them(client, shop):
    rows = [[f"Gâteau {n}", "", 4.5 + n, n, "Pâtisserie", f"GAT-{n}"] for n in range(50)]

    assert "50 products to add" in upload(client, xlsx_file(rows)).content.decode()
    client.post(CONFIRM_URL)

    records = StockRecord.objects.filter(partner=shop)
    assert records.count() == 50
    assert records.get(partner_sku="GAT-3").price == Decimal("7.50")
    assert records.get(partner_sku="GAT-3").num_in_stock == 3


def test_existing_categories_are_reused_and_missing_ones_created(client, shop):
    rows = [
        ["Baguette", "", "1,20", "40", "Boulangerie > Pains", ""],
        ["Ficelle", "", "1,00", "10", "Boulangerie > Pains", ""],
        ["Éclair", "", "2,80", "12", "Boulangerie > Pâtisseries", ""],
    ]
    upload(client, csv_file(rows))
    client.post(CONFIRM_URL)

    Category = get_model("catalogue", "Category")
    assert sorted(str(c) for c in Category.objects.all()) == [
        "Boulangerie",
        "Boulangerie > Pains",
        "Boulangerie > Pâtisseries",
    ]


# --- Bad rows: every problem shown, nothing imported


def test_a_file_with_bad_rows_lists_every_problem_by_row_and_imports_nothing(client, shop):
    ProductFactory(shop=shop, title="Déjà là").stockrecords.update(partner_sku="PAIN-1")
    rows = product_rows(10)
    rows[5][2] = "abc"  # row 7 of the spreadsheet
    rows[2][0] = ""  # row 4
    rows[3][3] = "-2"  # row 5
    rows[8][4] = "Boulangerie > "  # row 10
    rows[0][5] = "PAIN-1"  # row 2: already a code of this shop
    rows[1][5] = rows[9][5] = "DOUBLE"  # rows 3 and 11

    page = upload(client, csv_file(rows)).content.decode()

    for message in [
        "Row 7, price: &quot;abc&quot; is not a price, such as 4,50.",
        "Row 4, title: a product needs a title.",
        "Row 5, stock: &quot;-2&quot; is not a number of items in stock, such as 12.",
        "Row 10, category: &quot;Boulangerie &gt;&quot; is not a category",
        "Row 2, sku: &quot;PAIN-1&quot; is already the code of a product of your shop.",
        "Row 11, sku: &quot;DOUBLE&quot; is already the code of row 3.",
    ]:
        assert message in page
    assert "6 problems to correct" in page
    assert CONFIRM_URL not in page  # no way to confirm

    followed = client.post(CONFIRM_URL, follow=True)
    assert "There is no file waiting to be imported" in followed.content.decode()
    assert StockRecord.objects.filter(partner=shop).count() == 1


def test_rows_are_checked_again_on_confirm_and_nothing_is_kept_if_one_fails(client, shop):
    rows = product_rows(3)
    rows[2][5] = "BAG"
    upload(client, csv_file(rows))
    # Meanwhile the merchant adds a product by hand with the same code.
    ProductFactory(shop=shop).stockrecords.update(partner_sku="BAG")

    page = client.post(CONFIRM_URL, follow=True).content.decode()

    assert "Nothing was imported" in page
    assert StockRecord.objects.filter(partner=shop).count() == 1


def test_a_csv_saved_by_excel_in_french_is_read_with_its_accents():
    # Excel in French writes Windows-1252 with semicolons; other tools UTF-8 with commas.
    excel = "title;description;price;stock;category\nÉclair café;Crème pâtissière;2,80;12;Pâtisserie\n"
    other = 'title,description,price,stock,category\nÉclair café,Crème pâtissière,"2,80",12,Pâtisserie\n'

    for content in [excel.encode("cp1252"), other.encode("utf-8")]:
        table = read_table(content=content, filename="PRODUITS.CSV")
        rows, errors = catalogue_import.rows_check(table=table, taken_skus=set())
        assert errors == []
        [row] = rows
        assert (row.title, row.price, row.category) == ("Éclair café", Decimal("2.80"), "Pâtisserie")


@pytest.mark.parametrize(
    ("price", "expected"),
    [("4,50", "4.50"), ("4.5", "4.50"), ("1 200,00 €", "1200.00"), ("12", "12.00"), ("abc", None),
     ("4,505", None), ("1.200,50", None), ("", None)],
)  # fmt: skip
def test_prices_are_read_the_french_or_the_english_way(price, expected):
    assert price_parse(price) == (Decimal(expected) if expected else None)


# --- Whole files refused


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("produits.pdf", b"%PDF-1.4"), "Please choose a CSV or Excel (.xlsx) file."),
        (SimpleUploadedFile("produits.xlsx", b"not a workbook"), "not a readable Excel (.xlsx) file"),
        (SimpleUploadedFile("produits.csv", b""), "file is empty."),
        (SimpleUploadedFile("produits.csv", b"title;description;price;stock;category\n"), "has no product"),
        (
            SimpleUploadedFile("produits.csv", b"title;price\nBaguette;1,20\n"),
            "The file lacks the columns description, stock, category.",
        ),
        (SimpleUploadedFile("produits.csv", b"x" * (2 * 1024 * 1024 + 1)), "The file is too big"),
    ],
    ids=["pdf", "fake-xlsx", "empty", "header-only", "missing-columns", "too-big"],
)
def test_files_that_cannot_be_imported_are_refused_with_a_clear_message(client, shop, file, message):
    page = upload(client, file).content.decode()

    assert message in page
    assert not StockRecord.objects.filter(partner=shop).exists()


def test_more_than_a_thousand_rows_are_refused(client, shop):
    page = upload(client, csv_file(product_rows(1001))).content.decode()

    assert "The file has more than 1000 products: please split it." in page
    assert client.post(CONFIRM_URL).status_code == 302
    assert not StockRecord.objects.exists()


def test_an_xlsx_with_too_many_rows_is_refused_without_reading_it_all():
    # Blank rows in between do not count, nor hide the products after them.
    rows = [["Pain", "", 1, 1, "Pains", ""], [None] * 6] * 1010
    content = xlsx_file(rows).read()

    with pytest.raises(catalogue_import.ImportFileError, match="more than 1000 products"):
        read_table(content=content, filename="produits.xlsx")


# --- Templates to download


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_downloadable_template_imports_its_example_row(client, shop, format):
    response = client.get(reverse("dashboard:catalogue-import-template", kwargs={"format": format}))
    assert response.status_code == 200
    assert f'filename="produits.{format}"' in response["Content-Disposition"]

    upload(client, SimpleUploadedFile(f"produits.{format}", response.content))
    client.post(CONFIRM_URL)

    record = StockRecord.objects.get(partner=shop)
    assert record.product.title == "Baguette tradition"
    assert record.price == Decimal("1.20") and record.num_in_stock == 40


def test_the_xlsx_template_names_the_columns():
    sheet = load_workbook(io.BytesIO(catalogue_import.template_xlsx())).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)


# --- Who may import, and where


def test_another_merchants_preview_never_lands_in_your_shop(client, shop):
    other_shop = ShopFactory(name="Fromagerie")
    other = Client()
    other.force_login(make_merchant(other_shop, email="fromager@example.com"))

    upload(client, csv_file(product_rows(2)))
    other.post(CONFIRM_URL)  # the other merchant's session holds nothing
    upload(other, csv_file(product_rows(3)))
    other.post(CONFIRM_URL)

    assert StockRecord.objects.filter(partner=other_shop).count() == 3
    assert not StockRecord.objects.filter(partner=shop).exists()


def test_a_pending_import_is_not_confirmed_into_a_shop_it_was_not_checked_for(client, shop, merchant):
    upload(client, csv_file(product_rows(2)))
    # The merchant now runs another shop only (their first shop was handed over).
    new_shop = ShopFactory(name="Nouvelle boutique")
    shop.users.remove(merchant)
    new_shop.users.add(merchant)

    client.post(CONFIRM_URL)

    assert not StockRecord.objects.exists()


@pytest.mark.parametrize("url", [IMPORT_URL, CONFIRM_URL, TEMPLATE_URL])
def test_residents_are_refused(db, url):
    resident = Client()
    resident.force_login(UserFactory(email="resident@example.com"))

    assert resident.get(url).status_code == 403
    assert resident.post(url).status_code == 403


@pytest.mark.parametrize("url", [IMPORT_URL, CONFIRM_URL])
def test_the_town_hall_runs_no_shop_so_finds_no_import(db, url):
    town_hall = UserFactory(email="mairie@example.com", is_staff=True)
    town_hall.groups.add(ensure_town_hall_group())
    client = Client()
    client.force_login(town_hall)

    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"file": csv_file(product_rows(1))}).status_code == 404
    assert not StockRecord.objects.exists()


def test_imported_descriptions_keep_only_plain_formatting(client, shop):
    rows = [["Pain piégé", '<b>Bon</b><img src=x onerror="alert(1)"><script>alert(2)</script>', "2,00", "3",
             "Boulangerie > Pains", ""]]
    upload(client, csv_file(rows))
    client.post(CONFIRM_URL)

    assert Product.objects.get(title="Pain piégé").description == "<b>Bon</b>"
