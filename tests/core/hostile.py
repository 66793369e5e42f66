"""Hostile input for the fuzz test: requests generated from the URL configuration and from the pages' forms.

Three parts, each usable on its own:
- `routes()` walks `django.urls.get_resolver()` and `path_strategy(route)` fills each route's
  converters (or regex groups) with hostile values: unknown and huge ids, long strings, unicode,
  NUL bytes, markup, plus values the world really holds (so views go past their lookups);
- `forms_of(html, url)` reads the `<form>`s of a page and `form_data_strategy(form)` fills them:
  hostile values, valid ones, missing fields, tampered formset management forms;
- `raw_markup(html)` finds our payloads where a browser would run them (a `<script>`, an `on…`
  handler, a `javascript:` link): escaped or sanitised payloads are not found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]

# The marker every payload carries: a page holding it in a running position failed the test.
MARK = "fuzz()"
MARKUP = (
    f"<script>{MARK}</script>",
    f"<img src=x onerror={MARK}>",
    f'"><svg onload={MARK}>',
    f"javascript:{MARK}",
    f"<a href='javascript:{MARK}'>x</a><b onmouseover={MARK}>b</b>",
)
# The longest payload, for the fields that take it all (descriptions, posts, reasons).
ALL_MARKUP = "Pain " + " ".join(MARKUP[:3]) + f' <a href="javascript:{MARK}">lien</a>'

HUGE_NUMBERS = ("0", "2147483648", "9223372036854775808", "18446744073709551616", "9" * 40)
# "٣" and "²" are digits to str.isdigit(); "²" and 5,000 digits are not numbers int() takes.
NUMBERS = (
    "-1", "-0", "1e309", "NaN", "Infinity", "0x10", "1,5", "٣", "²", "+1", " 1 ", "9" * 5000, *HUGE_NUMBERS,
)  # fmt: skip
NASTY_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "A" * 5000,
    "é" * 300,
    "🥖" * 50,
    "\u202eevil\u202c",
    "e\u0301\u0301\u0301",
    "' OR 1=1 --",
    '"',
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "{{ 7|add:1 }}",
    "${7*7}",
    "\r\nSet-Cookie: x=1",
    "http://evil.example/",
    "//evil.example",
    "2026-02-30",
    "25:61",
    "null",
    "[]",
    "{}",
)
hostile_text = st.one_of(
    st.sampled_from(NASTY_TEXT + NUMBERS + MARKUP + (ALL_MARKUP,)),
    # Surrogates cannot be encoded in UTF-8, so no client can send them.
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
)


# --- URL configuration ----------------------------------------------------------------------------

# <int:pk> in a route; (?P<pk>\d+) in a regex.
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # a converter name (int, str, slug, path, uuid) or "regex"
    regex: str = ""


@dataclass(frozen=True)
class Route:
    """One URL pattern with the patterns above it: literal pieces and parameters in order."""

    route: str  # readable, e.g. "dashboard/board/<str:number>/"
    pieces: tuple[str | Parameter, ...]
    name: str
    view: str  # module.qualname of the view (the model admin's class for admin pages)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return tuple(piece for piece in self.pieces if isinstance(piece, Parameter))


def _regex_pieces(regex: str) -> list[str | Parameter]:
    """`^category/(?P<slug>[\\w-]+(/[\\w-]+)*)_(?P<pk>\\d+)/$` -> literals and parameters (nested
    parentheses followed to their end)."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    pieces: list[str | Parameter] = []
    position = 0
    for start in [m.start() for m in re.finditer(r"\(\?P<", regex)]:
        if start < position:
            continue
        pieces.append(regex[position:start].replace("\\", ""))
        name_end = regex.index(">", start)
        depth, end = 0, start
        while True:
            if regex[end] == "(" and regex[end - 1 : end] != "\\":
                depth += 1
            elif regex[end] == ")" and regex[end - 1 : end] != "\\":
                depth -= 1
                if depth == 0:
                    break
            end += 1
        pieces.append(Parameter(regex[start + 4 : name_end], "regex", regex[name_end + 1 : end]))
        position = end + 1
    pieces.append(regex[position:].replace("\\", ""))
    return [piece for piece in pieces if piece != ""]


def _pattern_pieces(pattern: RoutePattern | RegexPattern) -> list[str | Parameter]:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        return _regex_pieces(text)
    pieces: list[str | Parameter] = []
    position = 0
    for match in ROUTE_PARAMETER.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append(Parameter(match["name"], match["converter"] or "str"))
        position = match.end()
    pieces.append(text[position:])
    return [piece for piece in pieces if piece != ""]


def _view_name(pattern: URLPattern) -> str:
    callback = pattern.callback
    view = getattr(callback, "view_class", None)
    bound = getattr(callback, "__wrapped__", None)  # admin views: a wrapped ModelAdmin method
    if view is None and getattr(bound, "__self__", None) is not None:
        view = type(bound.__self__)
    view = view or callback
    return f"{view.__module__}.{getattr(view, '__qualname__', type(view).__qualname__)}"


def routes() -> list[Route]:
    """Every URL pattern the site answers, walked from the root resolver."""

    def walk(resolver: URLResolver, pieces: list, namespace: str) -> Iterator[Route]:
        for entry in resolver.url_patterns:
            here = pieces + _pattern_pieces(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
                yield from walk(entry, here, inner)
            else:
                text = "".join(p if isinstance(p, str) else f"<{p.kind}:{p.name}>" for p in here)
                name = ":".join(filter(None, [namespace, entry.name or ""]))
                yield Route(text, tuple(here), name, _view_name(entry))

    return list(walk(get_resolver(), [], ""))


def ours(route: Route) -> bool:
    """A page of this project's code (not the admin of Oscar's or Django's own models)."""
    if not route.route.startswith("admin/"):
        return True
    module = route.view.split(".", 1)[0]
    return (ROOT / module).is_dir() or route.route in {"admin/", "admin/login/"}


def _regex_values(regex: str) -> st.SearchStrategy[str]:
    pattern = re.compile(regex)
    hostile = [v for v in (*HUGE_NUMBERS, "A" * 3000, "é" * 300, "-1", "a_1") if pattern.fullmatch(v)]
    generated = st.from_regex(pattern, fullmatch=True).filter(lambda v: "/" not in v or "/" in regex)
    return st.one_of(st.sampled_from(hostile), generated) if hostile else generated


def parameter_values(parameter: Parameter, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Values for one path parameter: what the world holds under that name, or hostile ones that
    still reach the view (a converter refusing a value is a 404 from the resolver: no test there)."""
    real = known.get(parameter.name, [])
    if parameter.kind == "int":
        hostile = st.sampled_from(HUGE_NUMBERS)
    elif parameter.kind == "slug":
        hostile = st.one_of(
            st.sampled_from(("a" * 3000, "-", "_", "0", "9" * 40)),
            st.from_regex(r"[-\w]+", fullmatch=True).filter(str.isascii),
        )
    elif parameter.kind == "regex":
        hostile = _regex_values(parameter.regex)
    else:  # str, path: anything but a slash (path takes slashes too)
        hostile = hostile_text.filter(lambda v: v != "" and (parameter.kind == "path" or "/" not in v))
    return st.one_of(st.sampled_from(real), hostile) if real else hostile


def path_strategy(route: Route, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """A path for `route` with each parameter drawn from `parameter_values`, percent-encoded."""
    drawn = [
        parameter_values(piece, known).map(
            lambda v, kind=piece.kind: quote(v, safe="/" if kind == "path" else "")
        )
        if isinstance(piece, Parameter)
        else st.just(quote(piece, safe="/.-_~"))
        for piece in route.pieces
    ]
    return st.tuples(*drawn).map(lambda parts: "/" + "".join(parts))


def request_parameter_names() -> list[str]:
    """Names our code reads from `request.GET` / `request.POST`, found in its source."""
    reading = re.compile(r"request\.(?:GET|POST|query_params)(?:\.get(?:list)?\(|\[)\s*[\"']([\w.-]+)[\"']")
    names: set[str] = set()
    for source in ROOT.glob("*/**/*.py"):
        if source.parts[len(ROOT.parts)] in {".venv", "tests", "bench", "node_modules"}:
            continue
        names.update(reading.findall(source.read_text(encoding="utf-8")))
    return sorted(names | {"page", "q", "sort", "next", "format", "date_from", "date_to", "status"})


# --- Forms ----------------------------------------------------------------------------------------

MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
MISSING = object()  # a field left out of the submission


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    maxlength: int | None = None

    @property
    def is_text(self) -> bool:
        return self.kind in {"text", "textarea", "search", "url", "email", "tel", ""}


@dataclass
class Form:
    page: str
    action: str  # a path
    method: str
    fields: list[Field]
    buttons: list[tuple[str, str]]  # named submit buttons: (name, value)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.method, self.action, tuple(sorted(f.name for f in self.fields)))


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict, list[Field], list[tuple[str, str]]]] = []
        self._textarea: Field | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a, [], []))
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._add_option(a)
            return
        _, fields, buttons = self.forms[-1]
        kind = a.get("type", "text").lower() if tag == "input" else tag
        if tag == "button" or kind in {"submit", "image"}:
            buttons.append((a["name"], a.get("value", "")))
        elif tag == "input":
            if kind in {"checkbox", "radio"}:
                existing = next((f for f in fields if f.name == a["name"]), None)
                if existing is None:
                    existing = Field(a["name"], kind)
                    fields.append(existing)
                existing.options.append(a.get("value", "on"))
                if "checked" in a:
                    existing.value = a.get("value", "on")
            else:
                length = a.get("maxlength", "")
                fields.append(
                    Field(
                        a["name"],
                        kind,
                        a.get("value", ""),
                        maxlength=int(length) if length.isdigit() else None,
                    )
                )
        elif tag == "textarea":
            length = a.get("maxlength", "")
            self._textarea = Field(a["name"], "textarea", maxlength=int(length) if length.isdigit() else None)
            fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select")
            fields.append(self._select)

    def _add_option(self, a: dict) -> None:
        assert self._select is not None
        self._select.options.append(a.get("value", ""))
        if "selected" in a or not self._select.value:
            self._select.value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(html: str, url: str) -> list[Form]:
    """The forms of a page, their action made a path of this site (forms leaving it are dropped)."""
    reader = _FormReader()
    reader.feed(html)
    found = []
    for attributes, fields, buttons in reader.forms:
        target = urlsplit(urljoin("http://testserver" + url, attributes.get("action", "") or url))
        if target.netloc != "testserver":
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        method = attributes.get("method", "get").lower()
        found.append(Form(url, path, "post" if method == "post" else "get", fields, buttons))
    return found


def plausible(f: Field) -> str:
    """A value the field would accept from a person, so that the other fields' values are what is tried."""
    if f.value or f.kind in {"hidden", "select", "checkbox", "radio"}:
        return f.value or (f.options[0] if f.options else "")
    today = dt.date.today()
    return {
        "number": "1",
        "date": (today + dt.timedelta(days=2)).isoformat(),
        "time": "10:00",
        "datetime-local": f"{today + dt.timedelta(days=2)}T10:00",
        "email": "fuzz@example.com",
        "tel": "0123456789",
        "url": "https://example.com/",
        "password": "wrong password",
    }.get(f.kind, "Pain")


def markup_for(f: Field) -> str:
    """The payload fitting the field: all of them where there is room, the shortest otherwise."""
    room = f.maxlength or 10_000
    fitting = [p for p in (ALL_MARKUP, *MARKUP) if len(p) <= room]
    return fitting[0] if fitting else plausible(f)


def markup_submission(form: Form) -> dict[str, object]:
    """Every text field holds markup, every other field a plausible value: the likeliest to be stored."""
    data: dict[str, object] = {}
    for f in form.fields:
        if f.kind == "file":
            continue
        if f.kind in {"checkbox"}:
            if f.value:
                data[f.name] = f.value
            continue
        data[f.name] = markup_for(f) if f.is_text and not f.name.endswith(MANAGEMENT) else plausible(f)
    if form.buttons:
        name, value = form.buttons[0]
        data[name] = value
    return data


def _garbage_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"GIF89a<script>fuzz()</script>" + b"\x00" * 64, content_type="image/png")


def field_strategy(f: Field) -> st.SearchStrategy[object]:
    if f.name.endswith(MANAGEMENT):
        tampered = st.sampled_from(("-1", "1000000", "abc", "", "1e3", *HUGE_NUMBERS))
        return st.one_of(st.just(f.value), tampered, st.just(MISSING))
    if f.kind == "file":
        names = st.sampled_from(
            ("x.png", "<img src=x onerror=fuzz()>.png", "a" * 300 + ".jpg", "../../x.gif")
        )
        return st.one_of(st.just(MISSING), names.map(_garbage_upload))
    valid = st.sampled_from(f.options) if f.options else st.just(plausible(f))
    if f.is_text:
        return st.one_of(st.just(markup_for(f)), hostile_text, valid, st.just(MISSING))
    return st.one_of(valid, hostile_text, st.just(MISSING))


def form_data_strategy(form: Form) -> st.SearchStrategy[dict[str, object]]:
    """A submission of `form`: each field valid, hostile or missing, and one of its named buttons."""
    fields = st.fixed_dictionaries({f.name: field_strategy(f) for f in form.fields})
    buttons = st.sampled_from(form.buttons) if form.buttons else st.just(None)

    def assemble(values: dict[str, object], button: tuple[str, str] | None) -> dict[str, object]:
        data = {k: v for k, v in values.items() if v is not MISSING}
        if button is not None:
            data[button[0]] = button[1]
        return data

    return st.builds(assemble, fields, buttons)


# --- Markup that would run ------------------------------------------------------------------------


# Attributes a browser follows as a URL (a `javascript:` one runs); a form field's value is only text.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class _MarkupFinder(HTMLParser):
    """Collects where our marker sits in a position a browser runs: script body, handler, js: URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            runs = name.startswith("on") or (
                name in URL_ATTRIBUTES and value.strip().lower().replace("\t", "").startswith("javascript:")
            )
            if MARK in value and runs:
                self.found.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script" and not dict(attrs).get("src")

    def handle_data(self, data: str) -> None:
        # Our own scripts may carry the marker escaped inside JSON (json_script); an injected script's
        # whole body is the marker.
        if self._in_script and data.strip() == MARK:
            self.found.append(f"<script>{data}</script>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def raw_markup(html: str) -> list[str]:
    """Our payloads that a browser would run on this page (an empty list when all are escaped)."""
    finder = _MarkupFinder()
    finder.feed(html)
    return finder.found
