"""Catalogue import from a spreadsheet: read a merchant's CSV or XLSX file, plan it, then apply the plan.

The sheet has French column headers (English ones are accepted) and one row per product, keyed by
the merchant's reference: a row whose reference the shop already uses updates that product (price,
stock, on sale or not, and what else it fills in) instead of adding a second one. Reading and
planning are plain functions over bytes, strings and plain values (no request, no ORM), so the rules
are tested directly; `import_plan` says for every row whether it creates, changes, or is refused and
why, and nothing is written until the merchant confirms. `catalogue_import`, at the end, is the one
write: the plan made again against the shop as it is then, in one transaction.

Categories are never created here: a row names one of the shop's trade categories (made by the town
hall) or is refused. The downloadable template's example row carries the reference EXEMPLE and is
never imported. Photos come by URL (shops.photo_fetch) or in a zip uploaded beside the sheet.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook, load_workbook
from oscar.core.loading import get_model

from core.html import sanitize_html
from core.signals import products_imported
from shops import photos
from shops.models import Partner, ProductDetails
from shops.photo_fetch import photo_fetch
from shops.product_details import ALLERGEN_CODES, ALLERGENS, LABEL_CODES, LABELS, codes_pack
from shops.products import (
    ALWAYS_AVAILABLE_CLASS,
    PRODUCT_CLASS,
    product_class_for,
    product_photo_attach,
    trade_categories,
)

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
ZIP_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAX_FILES = 1000

# The columns as the code names them, in the template's order, and the header the template writes.
COLUMNS = (
    "reference", "title", "description", "price", "unit", "stock", "category", "available",
    "allergens", "labels", "photo",
)  # fmt: skip
FRENCH_HEADERS = {
    "reference": "référence",
    "title": "nom",
    "description": "description",
    "price": "prix",
    "unit": "unité",
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
    "stock": ("stock", "quantite", "quantity"),
    "category": ("categorie", "category", "rayon"),
    "available": ("envente", "disponible", "available", "onsale"),
    "allergens": ("allergenes", "allergens"),
    "labels": ("labels", "label"),
    "photo": ("photo", "image", "picture"),
}
REQUIRED_COLUMNS = ("title", "price")
EXAMPLE_REFERENCE = "EXEMPLE"
EXAMPLE_ROW = {
    "reference": EXAMPLE_REFERENCE,
    "title": "Baguette tradition",
    "description": "Farine Label Rouge et levain naturel, cuite le matin même.",
    "price": "1,20",
    "unit": "pièce",
    "stock": "40",
    "category": "Pains",
    "available": "oui",
    "allergens": "gluten",
    "labels": "fait maison",
    "photo": "https://exemple.fr/baguette.jpg",
}
TITLE_MAX = 255
SKU_MAX = 128
PRICE_MAX = Decimal("99999.99")
# "4,50", "4.50", "1 200,00 €": digits, an optional decimal comma or point, at most two decimals.
PRICE_PATTERN = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
STOCK_PATTERN = re.compile(r"^\d+$")
ALWAYS_WORDS = {"illimite", "toujours", "always", "unlimited"}
YES_WORDS = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
NO_WORDS = {"non", "n", "no", "0", "faux", "false"}
UNIT_WORDS = {
    "piece": "piece", "pieces": "piece", "unite": "piece", "kg": "kg", "kilo": "kg", "100g": "100g",
    "litre": "litre", "l": "litre", "botte": "bunch", "bunch": "bunch", "douzaine": "dozen", "dozen": "dozen",
    "pot": "jar", "jar": "jar", "part": "portion", "portion": "portion",
}  # fmt: skip


class ImportFileError(Exception):
    """The file as a whole cannot be imported: wrong format, empty, too big or columns missing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fold(text: str) -> str:
    """Text compared the way a merchant means it: no case, accents, spaces or dashes ("Unité " → "unite")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return re.sub(r"[\s_\-']", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _word_codes(choices: list[tuple[str, str]]) -> dict[str, str]:
    """Each code of `choices` by its code, its English and its French name, folded."""
    words = {}
    for code, name in choices:
        words[fold(code)] = code
        words[fold(str(name))] = code
        with override("fr"):
            words[fold(str(name))] = code
    return words


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


def zip_photo_names(content: bytes) -> set[str]:
    """The picture file names in a zip of photos (folders ignored), or ImportFileError."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("The photos file is not a readable zip.")) from error
    if len(infos) > ZIP_MAX_FILES:
        raise ImportFileError(_("The zip holds more than %(max)s files.") % {"max": ZIP_MAX_FILES})
    return {info.filename.rsplit("/", 1)[-1] for info in infos if info.file_size <= photos.MAX_BYTES}


def zip_photo_read(content: bytes, name: str) -> bytes | None:
    """One picture of the zip by its file name (wherever it sits in the zip), at most photos.MAX_BYTES."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            if info.filename.rsplit("/", 1)[-1] == name and not info.is_dir():
                if info.file_size > photos.MAX_BYTES:  # said by the zip; read() below is bounded too
                    return None
                with archive.open(info) as file:
                    return file.read(photos.MAX_BYTES + 1)
    return None


# --- Planning: what each row will do


@dataclass(frozen=True)
class Existing:
    """What the shop has under one reference, as plain values."""

    product_id: int
    title: str
    price: Decimal
    stock: int | None
    available: bool


@dataclass
class RowPlan:
    """What one row of the sheet will do: create, update (with its changes), refuse (with reasons) or skip."""

    row: int
    action: str  # "create", "update", "unchanged", "refuse", "skip"
    reference: str = ""
    title: str = ""
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def price_parse(text: str) -> Decimal | None:
    """A price typed the French way ("4,50", "1 200,00 €") or the English way ("4.50"); None if not one."""
    compact = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if not PRICE_PATTERN.match(compact):
        return None
    try:
        return Decimal(compact.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _words(text: str, known: dict[str, str]) -> tuple[list[str], list[str]]:
    """The codes named in a cell ("gluten, lait"), and the words not recognised."""
    codes, unknown = [], []
    for word in re.split(r"[,;/+]", text):
        if not word.strip():
            continue
        code = known.get(fold(word))
        (codes.append(code) if code else unknown.append(word.strip()))
    return codes, unknown


def import_plan(
    *,
    table: list[tuple[int, dict[str, str]]],
    existing: dict[str, Existing],
    categories: dict[str, int],
    zip_names: set[str],
) -> list[RowPlan]:
    """What every row will do, given the shop's products by reference and its trade's categories.

    `categories` maps folded names ("pains", "boulangeriepatisserie>pains") to category ids; a row
    naming any other is refused, never creates one. A reference may appear once in the sheet.
    """
    allergen_words, label_words = _word_codes(ALLERGENS), _word_codes(LABELS)
    seen: dict[str, int] = {}
    plans = []
    for number, cells in table:
        reference = cells.get("reference", "")[: SKU_MAX + 1]
        plan = RowPlan(row=number, action="create", reference=reference, title=cells.get("title", ""))
        plans.append(plan)
        if reference.upper() == EXAMPLE_REFERENCE:
            plan.action = "skip"
            plan.reasons.append(_("the template's example row, not a product."))
            continue
        refuse = plan.reasons.append
        current = existing.get(reference) if reference else None
        values: dict = {}

        if len(reference) > SKU_MAX:
            refuse(_("the reference is longer than %(max)s characters.") % {"max": SKU_MAX})
        elif reference and reference in seen:
            where = {"value": reference, "row": seen[reference]}
            refuse(_('the reference "%(value)s" is already on row %(row)s.') % where)
        if reference:
            seen.setdefault(reference, number)

        title = cells.get("title", "")
        if not title and current is None:
            refuse(_("a new product needs a name."))
        elif len(title) > TITLE_MAX:
            refuse(_("the name is longer than %(max)s characters.") % {"max": TITLE_MAX})
        elif title:
            values["title"] = title

        price_text = cells.get("price", "")
        if price_text or current is None:
            price = price_parse(price_text)
            if price is None:
                refuse(_('"%(value)s" is not a price, such as 4,50.') % {"value": price_text})
            elif price <= 0 or price > PRICE_MAX:
                refuse(_("a price must be more than 0 and at most %(max)s.") % {"max": PRICE_MAX})
            else:
                values["price"] = price

        stock_text = cells.get("stock", "").replace(" ", "")
        if fold(stock_text) in ALWAYS_WORDS:
            values["stock"] = None
        elif stock_text:
            if STOCK_PATTERN.match(stock_text):
                values["stock"] = int(stock_text)
            else:
                refuse(_('"%(value)s" is not a number of items in stock, such as 12, or "illimité".')
                       % {"value": cells.get("stock", "")})  # fmt: skip
        elif current is None:
            refuse(_('the stock is empty: write how many you have, or "illimité".'))

        available_text = fold(cells.get("available", ""))
        if available_text in YES_WORDS:
            values["available"] = True
        elif available_text in NO_WORDS:
            values["available"] = False
        elif available_text:
            refuse(_('"%(value)s" is neither "oui" nor "non".') % {"value": cells.get("available", "")})

        category_text = cells.get("category", "")
        if category_text:
            category_id = categories.get(fold(category_text)) or categories.get(
                fold(category_text.split(">")[-1])
            )
            if category_id is None:
                refuse(_('"%(value)s" is not a category of your trade: only the town hall adds categories.')
                       % {"value": category_text})  # fmt: skip
            else:
                values["category"] = category_id

        if unit_text := cells.get("unit", ""):
            unit = UNIT_WORDS.get(fold(unit_text).removeprefix("par").removeprefix("le").removeprefix("la"))
            if unit is None:
                refuse(_('"%(value)s" is not a unit: pièce, kg, 100 g, litre, botte, douzaine, pot or part.')
                       % {"value": unit_text})  # fmt: skip
            else:
                values["unit"] = unit
        for column, words, key in (
            ("allergens", allergen_words, "allergens"),
            ("labels", label_words, "labels"),
        ):
            if text := cells.get(column, ""):
                codes, unknown = _words(text, words)
                if unknown:
                    refuse(_('"%(value)s" is not one of the %(column)s we know.')
                           % {"value": ", ".join(unknown), "column": FRENCH_HEADERS[column]})  # fmt: skip
                values[key] = codes
        if "description" in cells and cells["description"]:
            values["description"] = cells["description"]

        if photo := cells.get("photo", ""):
            if "://" in photo:
                if not photo.lower().startswith(("http://", "https://")):
                    refuse(_("a photo address must start with http:// or https://."))
                else:
                    values["photo_url"] = photo
            elif photo.rsplit("/", 1)[-1] in zip_names:
                values["photo_zip"] = photo.rsplit("/", 1)[-1]
            else:
                refuse(_('the photo "%(value)s" is not in the zip of photos.') % {"value": photo})

        if plan.reasons:
            plan.action = "refuse"
            continue
        plan.values = values
        if current is not None:
            plan.action = "update"
            plan.title = current.title
            plan.changes = _changes(current, values)
            if not plan.changes:
                plan.action = "unchanged"
    return plans


def _changes(current: Existing, values: dict) -> list[str]:
    """What an update changes, in words: "price 1,20 → 1,30"."""
    changes = []
    if "price" in values and values["price"] != current.price:
        changes.append(_("price %(old)s → %(new)s") % {"old": current.price, "new": values["price"]})
    if "stock" in values and values["stock"] != current.stock:
        changes.append(
            _("stock %(old)s → %(new)s")
            % {"old": _("unlimited") if current.stock is None else current.stock,
               "new": _("unlimited") if values["stock"] is None else values["stock"]}
        )  # fmt: skip
    if "available" in values and values["available"] != current.available:
        changes.append(_("put on sale") if values["available"] else _("taken off sale"))
    if "title" in values and values["title"] != current.title:
        changes.append(_("name → %(new)s") % {"new": values["title"]})
    for key, word in (("description", _("description")), ("unit", _("unit")), ("category", _("category")),
                      ("allergens", _("allergens")), ("labels", _("labels"))):  # fmt: skip
        if key in values:
            changes.append(word)
    if "photo_url" in values or "photo_zip" in values:
        changes.append(_("photo"))
    return changes


def plan_counts(plans: list[RowPlan]) -> dict[str, int]:
    counts = dict.fromkeys(("create", "update", "unchanged", "refuse", "skip"), 0)
    for plan in plans:
        counts[plan.action] += 1
    return counts


# --- Reading the shop


def shop_existing(*, shop: Partner) -> dict[str, Existing]:
    """The shop's products by reference, as plain values, in one query."""
    records = StockRecord.objects.filter(partner=shop).select_related("product__product_class")
    return {
        record.partner_sku: Existing(
            product_id=record.product_id,
            title=record.product.title,
            price=record.price,
            stock=record.num_in_stock if record.product.product_class.track_stock else None,
            available=record.product.is_public,
        )
        for record in records
    }


def shop_category_names(*, shop: Partner) -> dict[str, int]:
    """The shop's trade categories by folded name and folded full path."""
    names = {}
    for category in trade_categories(shop=shop):
        names.setdefault(fold(category.name), category.pk)
        names[fold(category.full_name)] = category.pk
    return names


def shop_plan(
    *, shop: Partner, table: list[tuple[int, dict[str, str]]], zip_names: set[str] = frozenset()
) -> list[RowPlan]:
    return import_plan(
        table=table,
        existing=shop_existing(shop=shop),
        categories=shop_category_names(shop=shop),
        zip_names=set(zip_names),
    )


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
    for column, width in zip("ABCDEFGHIJK", (14, 30, 50, 10, 10, 10, 20, 10, 24, 20, 36), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def product_class_ensure() -> ProductClass:
    """The marketplace's product class with stock counted (kept for callers of the former import)."""
    return product_class_for(always_available=False)


# --- Applying


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    refused: int = 0
    photos_failed: list[int] = field(default_factory=list)  # row numbers whose photo could not be used


PhotoFetcher = Callable[[str], bytes]


def photos_gather(
    *, plans: list[RowPlan], zip_content: bytes | None, fetch: PhotoFetcher
) -> tuple[dict[int, bytes], list[int]]:
    """Each planned row's photo, fetched and prepared before any write; the rows whose photo failed."""
    ready, failed = {}, []
    for plan in plans:
        if plan.action not in ("create", "update"):
            continue
        raw = None
        try:
            if "photo_url" in plan.values:
                raw = fetch(plan.values["photo_url"])
            elif "photo_zip" in plan.values and zip_content is not None:
                raw = zip_photo_read(zip_content, plan.values["photo_zip"])
            else:
                continue
            if raw is None:
                raise photos.PhotoError("missing")
            ready[plan.row] = photos.photo_prepare(raw)
        except photos.PhotoError:
            failed.append(plan.row)
    return ready, failed


def catalogue_import(
    *,
    shop: Partner,
    table: list[tuple[int, dict[str, str]]],
    zip_content: bytes | None = None,
    fetch: PhotoFetcher | None = None,
) -> ImportResult:
    """Apply the sheet to `shop`: create the new products, update those it names by reference.

    Photos are fetched first (network, outside the transaction); then, the shop locked, the plan is
    made again against the shop as it is now (a reference taken since the preview becomes an update,
    not a duplicate) and every write happens in one transaction. Refused rows are left out, as the
    preview said.
    """
    zip_names = zip_photo_names(zip_content) if zip_content else set()
    draft = shop_plan(shop=shop, table=table, zip_names=zip_names)
    ready, failed = photos_gather(plans=draft, zip_content=zip_content, fetch=fetch or photo_fetch)
    with transaction.atomic():
        Partner.objects.select_for_update().filter(pk=shop.pk).first()
        plans = shop_plan(shop=shop, table=table, zip_names=zip_names)
        result = ImportResult(photos_failed=failed)
        creates = [plan for plan in plans if plan.action == "create"]
        updates = [plan for plan in plans if plan.action == "update"]
        result.refused = sum(plan.action == "refuse" for plan in plans)
        _create(shop=shop, plans=creates, photos_ready=ready)
        _update(shop=shop, plans=updates, photos_ready=ready)
        result.created, result.updated = len(creates), len(updates)
    return result


def _references_fill(*, shop: Partner, plans: list[RowPlan]) -> None:
    """Give each new row without a reference one made from its name, unique in the shop."""
    used = set(StockRecord.objects.filter(partner=shop).values_list("partner_sku", flat=True))
    used |= {plan.reference for plan in plans if plan.reference}
    for plan in plans:
        if plan.reference:
            continue
        stem = (slugify(plan.values["title"])[:100] or "produit").upper()
        reference, counter = stem, 1
        while reference in used:
            counter += 1
            reference = f"{stem}-{counter}"
        used.add(reference)
        plan.reference = reference


def _create(*, shop: Partner, plans: list[RowPlan], photos_ready: dict[int, bytes]) -> None:
    if not plans:
        return
    _references_fill(shop=shop, plans=plans)
    classes = {
        True: product_class_for(always_available=False),
        False: product_class_for(always_available=True),
    }
    products = Product.objects.bulk_create(
        Product(
            title=plan.values["title"],
            slug=slugify(plan.values["title"])[:255] or "produit",
            description=sanitize_html(plan.values.get("description", "")),  # bulk_create skips Product.save
            product_class=classes[plan.values["stock"] is not None],
            structure=Product.STANDALONE,
            is_public=plan.values.get("available", True),
        )
        for plan in plans
    )
    pairs = list(zip(plans, products, strict=True))
    ProductCategory.objects.bulk_create(
        ProductCategory(product=product, category_id=plan.values["category"])
        for plan, product in pairs
        if "category" in plan.values
    )
    StockRecord.objects.bulk_create(
        StockRecord(
            product=product,
            partner=shop,
            partner_sku=plan.reference,
            price=plan.values["price"],
            price_currency="EUR",
            num_in_stock=plan.values["stock"],
            num_allocated=0,
        )
        for plan, product in pairs
    )
    ProductDetails.objects.bulk_create(
        ProductDetails(product=product, **_details_values(plan.values)) for plan, product in pairs
    )
    for plan, product in pairs:
        if plan.row in photos_ready:
            product_photo_attach(product=product, photo=photos_ready[plan.row])
    products_imported.send(sender=Partner, product_ids=[product.pk for product in products])


def _details_values(values: dict) -> dict:
    details = {}
    if "unit" in values:
        details["unit"] = values["unit"]
    if "allergens" in values:
        details["allergens"] = codes_pack(values["allergens"], allowed=ALLERGEN_CODES)
    if "labels" in values:
        details["labels"] = codes_pack(values["labels"], allowed=LABEL_CODES)
    return details


def _update(*, shop: Partner, plans: list[RowPlan], photos_ready: dict[int, bytes]) -> None:
    if not plans:
        return
    records = {
        record.partner_sku: record
        for record in StockRecord.objects.filter(partner=shop, partner_sku__in=[p.reference for p in plans])
        .select_for_update()
        .prefetch_related(Prefetch("product", queryset=Product.objects.select_related("product_class")))
    }
    classes = {name: ProductClass.objects.get(name=name) for name in (PRODUCT_CLASS, ALWAYS_AVAILABLE_CLASS)
               if ProductClass.objects.filter(name=name).exists()}  # fmt: skip
    changed_records, changed_products = [], []
    for plan in plans:
        record = records[plan.reference]
        product, values = record.product, plan.values
        if "price" in values:
            record.price = values["price"]
        if "stock" in values:
            record.num_in_stock = values["stock"]
            product.product_class = classes.get(
                PRODUCT_CLASS if values["stock"] is not None else ALWAYS_AVAILABLE_CLASS
            ) or product_class_for(always_available=values["stock"] is None)
        if "available" in values:
            product.is_public = values["available"]
        if "title" in values:
            product.title = values["title"]
        if "description" in values:
            product.description = sanitize_html(values["description"])
        changed_records.append(record)
        changed_products.append(product)
        if "category" in values:
            ProductCategory.objects.get_or_create(product=product, category_id=values["category"])
        details = _details_values(values)
        if details:
            ProductDetails.objects.update_or_create(product=product, defaults=details)
        if plan.row in photos_ready:
            product.images.update(display_order=F("display_order") + 1)  # the new photo first
            product_photo_attach(product=product, photo=photos_ready[plan.row])
    StockRecord.objects.bulk_update(changed_records, ["price", "num_in_stock"])
    Product.objects.bulk_update(changed_products, ["product_class", "is_public", "title", "description"])
    products_imported.send(sender=Partner, product_ids=[product.pk for product in changed_products])
