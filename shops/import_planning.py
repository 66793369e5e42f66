"""Planning a catalogue import: what each row of the sheet will do, and why a row is refused.

Pure rules over plain values (the rows as text, the shop's products by reference, its categories by
name; no request, no ORM), so they are tested directly. `import_plan` says for every row whether it
creates, changes, leaves unchanged or is refused (with its reasons) or skipped; a reference may
appear once in the sheet, and a row never creates a category.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import override

from shops.import_sheet import EXAMPLE_REFERENCE, FRENCH_HEADERS, fold
from shops.models import ProductDetails
from shops.product_details import ALLERGENS, LABELS
from shops.weighing import PIECE_GRAMS_MAX, PIECE_GRAMS_MIN

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


def _word_codes(choices: list[tuple[str, str]]) -> dict[str, str]:
    """Each code of `choices` by its code, its English and its French name, folded."""
    words = {}
    for code, name in choices:
        words[fold(code)] = code
        words[fold(str(name))] = code
        with override("fr"):
            words[fold(str(name))] = code
    return words


@dataclass(frozen=True)
class Existing:
    """What the shop has under one reference, as plain values."""

    product_id: int
    title: str
    price: Decimal
    stock: int | None
    available: bool
    piece_grams: int | None = None


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
        if grams_text := cells.get("piece_grams", ""):
            grams = grams_text.lower().replace(" ", "").removesuffix("g")
            if not re.fullmatch(r"[0-9]{1,4}", grams) or not PIECE_GRAMS_MIN <= int(grams) <= PIECE_GRAMS_MAX:
                message = _('"%(value)s" is not a weight in grams from %(min)s to %(max)s, such as 250.')
                refuse(message % {"value": grams_text, "min": PIECE_GRAMS_MIN, "max": PIECE_GRAMS_MAX})
            elif values.get("unit") != ProductDetails.Unit.KG:
                # Pieces of about so many grams are a way of selling by the kg (a steak of about 250 g).
                refuse(_('a weight of a piece goes with the unit "kg" on the same row.'))
            else:
                values["piece_grams"] = int(grams)
        elif "piece_grams" in cells and values.get("unit"):
            # The column left empty beside a unit: sold 100 g at a time. A sheet without the column
            # (made before it existed) leaves the piece weight as it is.
            values["piece_grams"] = None
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
    if "piece_grams" in values and values["piece_grams"] != current.piece_grams:
        changes.append(_("weight of a piece"))
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
