"""Markup written by merchants, applicants and residents, cut down to an allow-list before it is shown.

Oscar assumes whoever writes a product description is trusted staff and prints it with `|safe`; here
every merchant is an outside tenant, so their markup keeps only plain formatting: no script, no style,
no event handler, no frame, and links that cannot run code.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a"}
)
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_html(markup: str | None) -> str:
    """The markup with every tag, attribute and URL scheme outside the allow-list removed (text kept)."""
    if not markup:
        return ""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
