"""Catalogue import from a spreadsheet: read a merchant's CSV or XLSX file, check every row, import.

Reading and checking are plain functions over bytes and strings (no request, no ORM), so the rules
are tested directly. A file is refused whole (`ImportFileError`) when it cannot be read at all;
otherwise every row is checked and every problem is reported with its row number and column, so the
merchant fixes the whole file in one go. `catalogue_import`, at the end, is the one write: all the
rows in one transaction, or none.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass, replace
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from core.html import sanitize_html
from shops.models import Partner

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_CLASS = "Produit"

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
REQUIRED_COLUMNS = ("title", "description", "price", "stock", "category")
COLUMNS = (*REQUIRED_COLUMNS, "sku")
EXAMPLE_ROW = (
    "Baguette tradition",
    "Farine Label Rouge et levain naturel, cuite le matin même.",
    "1,20",
    "40",
    "Boulangerie > Pains",
    "",
)
TITLE_MAX = 255
SKU_MAX = 128
CATEGORY_NAME_MAX = 255
PRICE_MAX = Decimal("99999.99")
# "4,50", "4.50", "1 200,00 €": digits, an optional decimal comma or point, at most two decimals.
PRICE_PATTERN = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
STOCK_PATTERN = re.compile(r"^\d+$")


class ImportFileError(Exception):
    """The file as a whole cannot be imported: wrong format, empty, too big or columns missing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One problem in one cell, numbered as the merchant's spreadsheet numbers its rows."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, %(column)s: %(message)s") % asdict(self)


@dataclass(frozen=True)
class ProductRow:
    """A checked row, ready to become a product with its stock record; `sku` may still be empty."""

    row: int
    title: str
    description: str
    price: Decimal
    stock: int
    category: str
    sku: str


def read_table(*, content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV or XLSX file as (row number, {column: text}), blank rows left out.

    Raises ImportFileError when the file is not CSV or XLSX, is empty, too big, has too many rows,
    or lacks a column the import needs.
    """
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is too big: at most 2 MB, about 1,000 products."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        rows = _csv_rows(content)
    elif extension == "xlsx":
        rows = _xlsx_rows(content)
    else:
        raise ImportFileError(_("Please choose a CSV or Excel (.xlsx) file."))
    if not rows:
        raise ImportFileError(_("The file is empty."))

    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            _("The file lacks the columns %(missing)s. Its first row must name the columns: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
    table = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        padded = list(cells) + [""] * (len(header) - len(cells))
        table.append(
            (number, {column: padded[i].strip() for i, column in enumerate(header) if column in COLUMNS})
        )
    if not table:
        raise ImportFileError(_("The file has no product: only the row naming the columns."))
    if len(table) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s products: please split it.") % {"max": MAX_ROWS}
        )
    return table


def _csv_rows(content: bytes) -> list[list[str]]:
    # Excel in French saves CSV in Windows-1252 with semicolons; other tools in UTF-8 with commas.
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("This file is not a readable CSV file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise ImportFileError(_("This CSV file cannot be read: %(error)s") % {"error": error}) from error


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("This file is not a readable Excel (.xlsx) file.")) from error
    try:
        sheet = workbook.worksheets[0]
        # The header and one product past the limit are enough to refuse the file, whatever its length.
        rows, filled = [], 0
        for cells in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in cells])
            filled += any(cell.strip() for cell in rows[-1])
            if filled > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the merchant sees it: 40 not 40.0, 4.5 not 4.5000000001."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    return str(value)


def rows_check(
    *, table: list[tuple[int, dict[str, str]]], taken_skus: set[str]
) -> tuple[list[ProductRow], list[RowError]]:
    """Every row checked: the good rows, and every problem found (the import runs only without any).

    `taken_skus` are the codes the shop already uses; a code may appear once in the file too.
    """
    products, errors = [], []
    seen_skus: dict[str, int] = {}
    for number, cells in table:
        row_errors: list[RowError] = []

        def problem(column: str, message: str) -> None:
            row_errors.append(RowError(number, column, message))  # noqa: B023 (called within this row)

        title = cells.get("title", "")
        if not title:
            problem("title", _("a product needs a title."))
        elif len(title) > TITLE_MAX:
            problem("title", _("the title is longer than %(max)s characters.") % {"max": TITLE_MAX})

        price = price_parse(cells.get("price", ""))
        if price is None:
            problem(
                "price", _('"%(value)s" is not a price, such as 4,50.') % {"value": cells.get("price", "")}
            )
        elif price <= 0 or price > PRICE_MAX:
            problem("price", _("a price must be more than 0 and at most %(max)s.") % {"max": PRICE_MAX})

        stock_text = cells.get("stock", "").replace(" ", "")
        if not STOCK_PATTERN.match(stock_text):
            problem(
                "stock",
                _('"%(value)s" is not a number of items in stock, such as 12.')
                % {"value": cells.get("stock", "")},
            )

        category = category_path(cells.get("category", ""))
        if category is None:
            problem(
                "category",
                _('"%(value)s" is not a category: write it as "Boulangerie > Pains".')
                % {"value": cells.get("category", "")},
            )

        sku = cells.get("sku", "")
        if len(sku) > SKU_MAX:
            problem("sku", _("the code is longer than %(max)s characters.") % {"max": SKU_MAX})
        elif sku in taken_skus:
            problem("sku", _('"%(value)s" is already the code of a product of your shop.') % {"value": sku})
        elif sku and sku in seen_skus:
            problem(
                "sku",
                _('"%(value)s" is already the code of row %(row)s.') % {"value": sku, "row": seen_skus[sku]},
            )
        if sku:
            seen_skus.setdefault(sku, number)

        if row_errors:
            errors.extend(row_errors)
        else:
            products.append(
                ProductRow(number, title, cells.get("description", ""), price, int(stock_text), category, sku)
            )
    return products, errors


def price_parse(text: str) -> Decimal | None:
    """A price typed the French way ("4,50", "1 200,00 €") or the English way ("4.50"); None if not one."""
    compact = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if not PRICE_PATTERN.match(compact):
        return None
    try:
        return Decimal(compact.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def category_path(text: str) -> str | None:
    """ "boulangerie >  Pains" tidied to "boulangerie > Pains"; None when a level is empty or too long."""
    names = [name.strip() for name in text.split(">")]
    if not all(names) or any(len(name) > CATEGORY_NAME_MAX for name in names):
        return None
    return " > ".join(names)


def skus_fill(*, rows: list[ProductRow], taken_skus: set[str]) -> list[ProductRow]:
    """Rows whose empty code is replaced by one made from the title, unique among the shop's codes."""
    used = set(taken_skus) | {row.sku for row in rows if row.sku}
    filled = []
    for row in rows:
        sku = row.sku
        if not sku:
            stem = (slugify(row.title)[:100] or "produit").upper()
            sku, counter = stem, 1
            while sku in used:
                counter += 1
                sku = f"{stem}-{counter}"
            used.add(sku)
        filled.append(replace(row, sku=sku))
    return filled


def template_csv() -> bytes:
    """The template to download: column names and one example row, ready for Excel in French."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE_ROW)
    # The byte-order mark tells Excel the file is UTF-8, so accents show right.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The same template as an Excel workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produits"
    sheet.append(COLUMNS)
    sheet.append(EXAMPLE_ROW)
    for column, width in zip("ABCDEF", (30, 60, 10, 10, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def product_class_ensure() -> ProductClass:
    """The one product class of the marketplace's products (stock tracked, nothing shipped by post)."""
    product_class, _created = ProductClass.objects.get_or_create(
        name=PRODUCT_CLASS, defaults={"track_stock": True, "requires_shipping": False}
    )
    return product_class


def shop_skus(*, shop: Partner) -> set[str]:
    """The product codes a shop already uses (the rows' codes must not clash with them)."""
    return set(StockRecord.objects.filter(partner=shop).values_list("partner_sku", flat=True))


def catalogue_import(*, shop: Partner, table: list[tuple[int, dict[str, str]]]) -> tuple[int, list[RowError]]:
    """Import every row of `table` as a product of `shop`, in one transaction; nothing if any row is wrong.

    Returns how many products were created and the errors (then nothing was created). The rows are
    checked again here, the shop locked: codes taken since the preview, or by a second import of the
    same shop running at once, stop the import instead of clashing.
    """
    with transaction.atomic():
        Partner.objects.select_for_update().filter(pk=shop.pk).first()
        taken = shop_skus(shop=shop)
        rows, errors = rows_check(table=table, taken_skus=taken)
        if errors:
            return 0, errors
        rows = skus_fill(rows=rows, taken_skus=taken)
        product_class = product_class_ensure()
        categories = {
            path: create_from_breadcrumbs(path) for path in dict.fromkeys(row.category for row in rows)
        }
        products = Product.objects.bulk_create(
            Product(
                title=row.title,
                slug=slugify(row.title)[:255] or "produit",
                description=sanitize_html(row.description),  # bulk_create skips Product.save
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            for row in rows
        )
        pairs = list(zip(rows, products, strict=True))
        ProductCategory.objects.bulk_create(
            ProductCategory(product=product, category=categories[row.category]) for row, product in pairs
        )
        StockRecord.objects.bulk_create(
            StockRecord(
                product=product,
                partner=shop,
                partner_sku=row.sku,
                price=row.price,
                price_currency="EUR",
                num_in_stock=row.stock,
                num_allocated=0,
            )
            for row, product in pairs
        )
    return len(products), []
