"""Catalogue import: a merchant lists or updates many products from a CSV or XLSX file, previewed first."""

import csv
import http.server
import io
import threading
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from core.roles import ensure_town_hall_group
from shops import import_planning, import_sheet, photo_fetch
from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory, UserFactory, make_merchant
from shops.import_planning import price_parse
from shops.import_sheet import read_table
from shops.photos import PhotoError

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

IMPORT_URL = reverse("dashboard:catalogue-import")
CONFIRM_URL = reverse("dashboard:catalogue-import-confirm")
TEMPLATE_URL = reverse("dashboard:catalogue-import-template", kwargs={"format": "csv"})
FRENCH = ["référence", "nom", "description", "prix", "stock", "catégorie"]
ENGLISH = ["sku", "title", "description", "price", "stock", "category"]


def product_rows(count: int, start: int = 1, price: str = "{n},50", stock: str = "{n}") -> list[list[str]]:
    return [
        [
            f"PAIN-{n}",
            f"Pain n°{n}",
            f"Un pain bien cuit, recette {n}.",
            price.format(n=n),
            stock.format(n=n),
            "Pains",
        ]
        for n in range(start, start + count)
    ]


def csv_file(rows: list[list[str]], header=FRENCH, name: str = "produits.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], header=FRENCH) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("produits.xlsx", buffer.getvalue())


def jpeg(size: tuple[int, int] = (400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def shop(db):
    bakery = ShopCategoryFactory(name="Boulangerie-pâtisserie", slug="boulangerie-patisserie")
    create_from_breadcrumbs("Boulangerie-pâtisserie > Pains")
    create_from_breadcrumbs("Boulangerie-pâtisserie > Gâteaux")
    return ShopFactory(name="Boulangerie Dupain", category=bakery)


@pytest.fixture
def merchant(shop):
    return make_merchant(shop, email="paul@dupain.fr")


@pytest.fixture
def client(merchant) -> Client:
    client = Client()
    client.force_login(merchant)
    return client


def upload(client: Client, file: SimpleUploadedFile, photos: SimpleUploadedFile | None = None):
    data = {"file": file}
    if photos is not None:
        data["photos"] = photos
    return client.post(IMPORT_URL, data)


# --- New products, then updates by reference


def test_fifty_products_with_french_headers_are_previewed_then_imported(client, shop):
    preview = upload(client, csv_file(product_rows(50)))

    assert preview.status_code == 200
    assert "50 products to add, 0 to change, 0 rows refused" in preview.content.decode()
    assert not Product.objects.exists()  # the preview writes nothing

    done = client.post(CONFIRM_URL, follow=True)

    assert "50 products added and 0 updated in your shop." in done.content.decode()
    records = StockRecord.objects.select_related("product__product_class").order_by("product__title")
    assert records.count() == 50 and {record.partner for record in records} == {shop}
    seventh = records.get(partner_sku="PAIN-7")
    assert seventh.price == Decimal("7.50") and seventh.num_in_stock == 7
    assert seventh.product.description == "Un pain bien cuit, recette 7."
    assert [c.name for c in seventh.product.categories.all()] == ["Pains"]


def test_a_second_import_updates_price_stock_and_sale_by_reference_instead_of_duplicating(client, shop):
    upload(client, csv_file(product_rows(3)))
    client.post(CONFIRM_URL)
    rows = product_rows(3, price="{n},90", stock="5")
    header = [*FRENCH, "en vente"]
    rows = [[*row, "non" if row[0] == "PAIN-2" else "oui"] for row in rows]

    page = upload(client, csv_file(rows, header=header)).content.decode()

    assert "0 products to add, 3 to change" in page
    assert "price 1.50 → 1.90" in page and "taken off sale" in page
    client.post(CONFIRM_URL)
    assert StockRecord.objects.filter(partner=shop).count() == 3
    second = StockRecord.objects.get(partner_sku="PAIN-2")
    assert (second.price, second.num_in_stock, second.product.is_public) == (Decimal("2.90"), 5, False)


def test_english_headers_and_excel_numbers_are_read(client, shop):
    rows = [[f"GAT-{n}", f"Gâteau {n}", "", 4.5 + n, n, "Gâteaux"] for n in range(5)]
    assert "5 products to add" in upload(client, xlsx_file(rows, header=ENGLISH)).content.decode()
    client.post(CONFIRM_URL)
    assert StockRecord.objects.get(partner_sku="GAT-3").price == Decimal("7.50")


def test_unit_allergens_labels_and_unlimited_stock_are_read_in_french(client, shop):
    header = [*FRENCH, "unité", "allergènes", "labels"]
    rows = [
        [
            "TARTE",
            "Tarte",
            "",
            "18",
            "illimité",
            "Gâteaux",
            "la part",
            "Gluten, œufs, lait",
            "Fait maison, bio",
        ]
    ]
    upload(client, csv_file(rows, header=header))
    client.post(CONFIRM_URL)
    product = Product.objects.get(title="Tarte")
    assert not product.product_class.track_stock
    assert product.details.unit == "portion"
    assert product.details.allergens == "|eggs|gluten|milk|" and product.details.labels == "|bio|homemade|"


def test_a_butcher_imports_steaks_sold_by_the_kg_in_pieces_of_about_250_g(client, shop):
    header = [*FRENCH, "unité", "poids pièce (g)"]
    rows = [
        ["ENTRECOTE", "Entrecôte", "", "32", "20", "Gâteaux", "kg", "250 g"],
        ["ROTI", "Rôti", "", "24", "5", "Gâteaux", "kg", ""],  # by weight, 100 g at a time
        ["PAIN", "Pain", "", "2", "5", "Pains", "pièce", "250"],  # a piece weight without "kg"
        ["COTE", "Côte", "", "30", "5", "Gâteaux", "kg", "deux"],
    ]
    page = upload(client, csv_file(rows, header=header)).content.decode()
    assert "a weight of a piece goes with the unit &quot;kg&quot; on the same row." in page
    assert "&quot;deux&quot; is not a weight in grams from 10 to 5000, such as 250." in page
    client.post(CONFIRM_URL)

    assert Product.objects.get(title="Entrecôte").details.piece_grams == 250
    assert Product.objects.get(title="Rôti").details.piece_grams is None
    assert not Product.objects.filter(title__in=["Pain", "Côte"]).exists()
    # The resident is offered steaks of about 250 g, priced per piece.
    steak = Product.objects.get(title="Entrecôte")
    page = client.get(steak.get_absolute_url()).content.decode()
    assert "250 g" in page

    # Re-imported with another weight: updated, and the preview says so.
    rows = [["ENTRECOTE", "Entrecôte", "", "32", "20", "Gâteaux", "kg", "300"]]
    page = upload(client, csv_file(rows, header=header)).content.decode()
    assert "weight of a piece" in page
    client.post(CONFIRM_URL)
    assert Product.objects.get(title="Entrecôte").details.piece_grams == 300


@pytest.mark.parametrize("typed", ["²", "2" * 5000])
def test_a_piece_weight_in_odd_digits_is_refused_with_its_row(client, shop, typed):
    header = [*FRENCH, "unité", "poids pièce (g)"]
    rows = [["ENTRECOTE", "Entrecôte", "", "32", "20", "Gâteaux", "kg", typed]]
    response = upload(client, csv_file(rows, header=header))
    assert response.status_code == 200
    assert "is not a weight in grams from 10 to 5000, such as 250." in response.content.decode()


def test_a_sheet_made_before_the_piece_weight_column_keeps_the_piece_weight(client, shop):
    header = [*FRENCH, "unité", "poids pièce (g)"]
    upload(
        client, csv_file([["ENTRECOTE", "Entrecôte", "", "32", "20", "Gâteaux", "kg", "250"]], header=header)
    )
    client.post(CONFIRM_URL)

    older = [*FRENCH, "unité"]  # the butcher's usual sheet, a new price
    page = upload(
        client, csv_file([["ENTRECOTE", "Entrecôte", "", "34", "20", "Gâteaux", "kg"]], header=older)
    )
    assert "weight of a piece" not in page.content.decode()  # the preview announces no change of it
    client.post(CONFIRM_URL)

    steak = Product.objects.get(title="Entrecôte")
    assert steak.details.piece_grams == 250 and steak.stockrecords.get().price == Decimal("34")


def test_the_template_has_the_piece_weight_column(client):
    template = client.get(TEMPLATE_URL).content.decode()
    assert "poids pièce (g)" in template.splitlines()[0]

    from openpyxl import load_workbook

    excel = client.get(reverse("dashboard:catalogue-import-template", kwargs={"format": "xlsx"}))
    sheet = load_workbook(
        io.BytesIO(b"".join(excel.streaming_content) if excel.streaming else excel.content)
    ).active
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    # Each column as wide as its content needs: the photo's address widest, none left at Excel's default.
    assert widths["photo"] == 36 and widths["description"] == 50 and widths["poids pièce (g)"] == 16


# --- Refused rows: listed with their row and reason, left out


def test_refused_rows_are_listed_with_their_reason_and_the_others_applied(client, shop):
    ProductFactory(shop=shop, title="Déjà là").stockrecords.update(partner_sku="DEJA")
    rows = product_rows(6)
    rows[0][3] = "abc"  # row 2
    rows[1][1] = ""  # row 3: a new product without a name
    rows[2][4] = "-2"  # row 4
    rows[3][5] = "Promo du jour"  # row 5: not a category of the trade
    rows[4][0] = "PAIN-1"  # row 6: the reference of row 2 again

    page = upload(client, csv_file(rows)).content.decode()

    for message in [
        "&quot;abc&quot; is not a price, such as 4,50.",
        "a new product needs a name.",
        "&quot;-2&quot; is not a number of items in stock",
        "&quot;Promo du jour&quot; is not a category of your trade",
        "the reference &quot;PAIN-1&quot; is already on row 2.",
    ]:
        assert message in page
    assert "1 product to add, 0 to change, 5 rows refused" in page
    client.post(CONFIRM_URL)
    assert set(StockRecord.objects.filter(partner=shop).values_list("partner_sku", flat=True)) == {
        "DEJA",
        "PAIN-6",
    }
    assert not Category.objects.filter(name="Promo du jour").exists()


def test_a_sheet_with_only_refused_rows_cannot_be_confirmed(client, shop):
    rows = product_rows(2)
    rows[0][3] = rows[1][3] = "gratuit"
    page = upload(client, csv_file(rows)).content.decode()
    assert CONFIRM_URL not in page
    followed = client.post(CONFIRM_URL, follow=True)
    assert "There is no file waiting to be imported" in followed.content.decode()
    assert not StockRecord.objects.exists()


def test_a_reference_added_since_the_preview_is_updated_not_duplicated(client, shop):
    upload(client, csv_file(product_rows(2)))
    ProductFactory(shop=shop, title="À la main").stockrecords.update(partner_sku="PAIN-2")  # meanwhile
    client.post(CONFIRM_URL)
    assert StockRecord.objects.filter(partner=shop, partner_sku="PAIN-2").count() == 1
    assert StockRecord.objects.get(partner_sku="PAIN-2").price == Decimal("2.50")


def test_a_csv_saved_by_excel_in_french_is_read_with_its_accents():
    excel = "nom;prix;stock;catégorie\nÉclair café;2,80;12;Gâteaux\n"
    other = 'title,price,stock,category\nÉclair café,"2,80",12,Gâteaux\n'
    for content in [excel.encode("cp1252"), other.encode("utf-8")]:
        table = read_table(content=content, filename="PRODUITS.CSV")
        [plan] = import_planning.import_plan(
            table=table, existing={}, categories={"gateaux": 7}, zip_names=set()
        )
        assert plan.action == "create"
        assert (plan.values["title"], plan.values["price"], plan.values["category"]) == (
            "Éclair café",
            Decimal("2.80"),
            7,
        )


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
        (SimpleUploadedFile("produits.csv", b"nom;prix;stock\n"), "has no product"),
        (SimpleUploadedFile("produits.csv", b"nom;stock\nBaguette;12\n"), "The file lacks the columns prix."),
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

    with pytest.raises(import_sheet.ImportFileError, match="more than 1000 products"):
        read_table(content=content, filename="produits.xlsx")


# --- The template and photos


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_downloadable_template_is_not_imported_as_a_product(client, shop, format):
    response = client.get(reverse("dashboard:catalogue-import-template", kwargs={"format": format}))
    assert response.status_code == 200
    assert f'filename="produits.{format}"' in response["Content-Disposition"]

    page = upload(client, SimpleUploadedFile(f"produits.{format}", response.content)).content.decode()

    assert "the template&#x27;s example row, not a product." in page
    assert client.post(CONFIRM_URL).status_code == 302
    assert not StockRecord.objects.filter(partner=shop).exists()


def zip_of(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("photos.zip", buffer.getvalue(), content_type="application/zip")


def test_photos_in_a_zip_beside_the_sheet_go_on_their_products(
    client, shop, django_capture_on_commit_callbacks
):
    rows = [[*row, photo] for row, photo in zip(product_rows(2), ["pain-1.jpg", "absente.jpg"], strict=True)]
    page = upload(client, csv_file(rows, header=[*FRENCH, "photo"]), zip_of({"photos/pain-1.jpg": jpeg()}))
    assert "the photo &quot;absente.jpg&quot; is not in the zip of photos." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM_URL)
    assert Product.objects.get(title="Pain n°1").images.count() == 1
    assert not Product.objects.filter(title="Pain n°2").exists()


class PictureHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body, kind = {"/pain.jpg": (jpeg(), "image/jpeg"), "/page": (b"<html></html>", "text/html"),
                      "/huge.jpg": (b"0" * (15 * 1024 * 1024 + 10), "image/jpeg")}[self.path]  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def picture_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PictureHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_photo_is_fetched_by_url_within_its_limits(picture_server):
    allow_here = {"is_allowed": lambda address: True}  # the test's server is on this machine
    assert photo_fetch.photo_fetch(f"{picture_server}/pain.jpg", **allow_here)[:2] == b"\xff\xd8"
    with pytest.raises(PhotoError, match="does not give a picture"):
        photo_fetch.photo_fetch(f"{picture_server}/page", **allow_here)
    with pytest.raises(PhotoError, match="too big"):
        photo_fetch.photo_fetch(f"{picture_server}/huge.jpg", **allow_here)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/a.jpg", "http://127.0.0.1/a.jpg", "http://localhost/a.jpg",
     "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/a.jpg", "http://[::1]/a.jpg",
     "http://192.168.1.1/a.jpg", "http://[::ffff:127.0.0.1]/a.jpg"],
)  # fmt: skip
def test_photo_addresses_inside_our_network_or_not_on_the_web_are_refused(url, picture_server):
    with pytest.raises(PhotoError):
        photo_fetch.photo_fetch(url)


def test_the_sheet_refuses_a_photo_address_that_is_not_http(client, shop):
    rows = [[*product_rows(1)[0], "file:///etc/passwd"]]
    page = upload(client, csv_file(rows, header=[*FRENCH, "photo"])).content.decode()
    assert "a photo address must start with http:// or https://." in page


# --- Measured: 100 rows, half new, half updates


def test_a_hundred_row_sheet_half_new_half_updates_previews_and_applies_in_under_five_seconds(client, shop):
    upload(client, csv_file(product_rows(50)))
    client.post(CONFIRM_URL)
    rows = product_rows(50, price="{n},95") + product_rows(50, start=51)
    started = time.perf_counter()
    page = upload(client, csv_file(rows)).content.decode()
    client.post(CONFIRM_URL)
    elapsed = time.perf_counter() - started
    print(f"\n100-row import (50 new, 50 updates), preview + apply: {elapsed:.2f} s")
    assert "50 products to add, 50 to change" in page
    assert StockRecord.objects.filter(partner=shop).count() == 100
    assert StockRecord.objects.get(partner_sku="PAIN-7").price == Decimal("7.95")
    assert elapsed < 5


# --- Who may import, and where


def test_another_merchants_preview_never_lands_in_your_shop(client, shop):
    other_shop = ShopFactory(name="Fromagerie")
    other = Client()
    other.force_login(make_merchant(other_shop, email="fromager@example.com"))

    upload(client, csv_file(product_rows(2)))
    other.post(CONFIRM_URL)  # the other merchant's session holds nothing
    upload(other, csv_file([[*row[:5], ""] for row in product_rows(3)]))
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
    rows = [
        [
            "PIEGE",
            "Pain piégé",
            '<b>Bon</b><img src=x onerror="alert(1)"><script>alert(2)</script>',
            "2,00",
            "3",
            "Pains",
        ]
    ]
    upload(client, csv_file(rows))
    client.post(CONFIRM_URL)

    assert Product.objects.get(title="Pain piégé").description == "<b>Bon</b>"


def test_an_imported_product_keeps_a_ligature_in_its_address_and_reference(client, shop):
    upload(client, csv_file([["", "Œufs fermiers", "", "3,20", "12", "Pains"]]))
    client.post(CONFIRM_URL)
    eggs = Product.objects.get(title="Œufs fermiers")
    assert eggs.get_absolute_url().startswith("/catalogue/oeufs-fermiers_")  # not "/ufs-fermiers"
    assert eggs.stockrecords.get().partner_sku == "OEUFS-FERMIERS"
