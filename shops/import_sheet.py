"""The merchant's spreadsheet: its columns and their French or English headers, reading a CSV or XLSX
file into rows of text, and the template to download (its example row, reference EXEMPLE, is never
imported).

Plain functions over bytes and strings (no request, no ORM). What each row then does is
`shops.import_planning`; the import as a whole is `shops.catalogue_import`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

# The columns as the code names them, in the template's order, and the header the template writes.
COLUMNS = (
    "reference", "title", "description", "price", "unit", "piece_grams", "stock", "category", "available",
    "allergens", "labels", "photo",
)  # fmt: skip
FRENCH_HEADERS = {
    "reference": "référence",
    "title": "nom",
    "description": "description",
    "price": "prix",
    "unit": "unité",
    "piece_grams": "poids pièce (g)",
    "stock": "stock",
    "category": "catégorie",
    "available": "en vente",
    "allergens": "allergènes",
    "labels": "labels",
    "photo": "photo",
}
# Every header a merchant may write for a column, compared without case, accents or spaces.
HEADER_ALIASES = {
    "reference": ("reference", "ref", "sku", "code", "codeproduit"),
    "title": ("nom", "titre", "produit", "title", "name"),
    "description": ("description", "descriptif"),
    "price": ("prix", "price", "prixttc", "prix€"),
    "unit": ("unite", "unit"),
    "piece_grams": (
        "poidspiece(g)",
        "poidspiece",
        "poidspieceg",
        "poidsdunepiece",
        "poidsunitaire",
        "pieceweight(g)",
        "pieceweight",
        "pieceweightg",
    ),
    "stock": ("stock", "quantite", "quantity"),
    "category": ("categorie", "category", "rayon"),
    "available": ("envente", "disponible", "available", "onsale"),
    "allergens": ("allergenes", "allergens"),
    "labels": ("labels", "label"),
    "photo": ("photo", "image", "picture"),
}
# The Excel template's column widths, in characters.
TEMPLATE_WIDTHS = {
    "reference": 14, "title": 30, "description": 50, "price": 10, "unit": 10, "piece_grams": 16,
    "stock": 10, "category": 20, "available": 10, "allergens": 24, "labels": 20, "photo": 36,
}  # fmt: skip
REQUIRED_COLUMNS = ("title", "price")
EXAMPLE_REFERENCE = "EXEMPLE"
EXAMPLE_ROW = {
    "reference": EXAMPLE_REFERENCE,
    "title": "Baguette tradition",
    "description": "Farine Label Rouge et levain naturel, cuite le matin même.",
    "price": "1,20",
    "unit": "pièce",
    "piece_grams": "",
    "stock": "40",
    "category": "Pains",
    "available": "oui",
    "allergens": "gluten",
    "labels": "fait maison",
    "photo": "https://exemple.fr/baguette.jpg",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported: wrong format, empty, too big or columns missing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fold(text: str) -> str:
    """Text compared the way a merchant means it: no case, accents, spaces or dashes ("Unité " → "unite")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return re.sub(r"[\s_\-']", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


# --- Reading the file


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

    aliases = {alias: column for column, names in HEADER_ALIASES.items() for alias in names}
    header = [aliases.get(fold(cell), "") for cell in rows[0]]
    missing = [FRENCH_HEADERS[column] for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            _("The file lacks the columns %(missing)s. Its first row must name the columns: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(FRENCH_HEADERS.values())}
        )
    table = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        padded = list(cells) + [""] * (len(header) - len(cells))
        table.append((number, {column: padded[i].strip() for i, column in enumerate(header) if column}))
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


# --- Template


def template_csv() -> bytes:
    """The template to download: French column names and one example row, ready for Excel in French."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(FRENCH_HEADERS[column] for column in COLUMNS)
    writer.writerow(EXAMPLE_ROW[column] for column in COLUMNS)
    # The byte-order mark tells Excel the file is UTF-8, so accents show right.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The same template as an Excel workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produits"
    sheet.append([FRENCH_HEADERS[column] for column in COLUMNS])
    sheet.append([EXAMPLE_ROW[column] for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = TEMPLATE_WIDTHS[column]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
