"""Demo data of the merchants' space: a question with answers and a tip.

`seed_community()` is idempotent (posts found by title); call it after the demo town's shops exist.
"""

from community.models import CommunityPost, CommunityReply
from shops.models import Partner

POSTS = (
    (
        "fromagerie-mere-colette",
        CommunityPost.Kind.QUESTION,
        "Vos photos de produits : fond blanc ou ambiance ?",
        "Mes photos de fromages sortent jaunes le soir. Vous faites comment ?",
        (
            ("au-pain-de-viroflay", "Le matin près de la vitrine, sans flash : c'est le jour qui fait tout."),
            ("les-jardins-de-viroflay", "L'atelier photo de la mairie vaut le coup, on y était mardi."),
        ),
    ),
    (
        "au-pain-de-viroflay",
        CommunityPost.Kind.TIP,
        "Astuce : annoncer le pain du dimanche dès le jeudi",
        "Un post « offre » le jeudi et les commandes du dimanche arrivent avant samedi midi.",
        (),
    ),
)


def seed_community() -> None:
    shops = Partner.objects.in_bulk(
        {code for code, *_rest in POSTS} | {code for *_rest, replies in POSTS for code, _text in replies},
        field_name="code",
    )
    for code, kind, title, text, replies in POSTS:
        if code not in shops or CommunityPost.objects.filter(title=title).exists():
            continue
        author = shops[code].users.first()
        post = CommunityPost.objects.create(
            shop=shops[code], author=author, kind=kind, title=title, text=text
        )
        for reply_code, reply_text in replies:
            if reply_code in shops:
                CommunityReply.objects.create(
                    post=post, shop=shops[reply_code], author=shops[reply_code].users.first(), text=reply_text
                )
