"""The demo town of Viroflay as plain data: its accounts, shop categories and hours, shops, delivery
terms, names and streets, news, shops' posts, markets and pickup point.

Constants and frozen dataclasses only (no ORM): the builders (demo.shops, demo.townhall, demo.markets,
demo.pickup_points) write them, demo.seed runs them. The products each kind of shop sells are
demo.menus. Choice values are written as stored: an approval is a Partner.Approval value, a post's
kind a MerchantPost.Kind value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

PASSWORD = "marketplace"
POSTCODE = "78220"
CITY = "Viroflay"
RESIDENT_EMAIL = "resident@example.com"
TOWN_HALL_EMAIL = "mairie@example.com"

# --- Opening hours, written as a shopkeeper says them: days (0 = Monday) → "opens-closes, …".
BAKERY_HOURS = {"1-5": "7:00-13:30, 15:30-19:30", "6": "7:00-13:00"}
BUTCHER_HOURS = {"1-5": "8:30-13:00, 16:00-19:30", "6": "8:30-13:00"}
CHEESE_HOURS = {"1-5": "9:00-13:00, 15:30-19:30", "6": "9:00-13:00"}
GREENGROCER_HOURS = {"0-5": "8:30-20:00", "6": "9:00-13:00"}
FISH_HOURS = {"1-5": "8:30-13:00, 16:00-19:00", "6": "8:30-13:00"}
WINE_HOURS = {"1-5": "10:00-13:00, 15:00-20:00", "6": "10:00-13:00"}
GROCERY_HOURS = {"1-5": "10:00-19:30"}
FLORIST_HOURS = {"1-5": "9:30-13:00, 14:30-19:30", "6": "9:30-13:00"}
BOOKSHOP_HOURS = {"1-5": "10:00-19:00"}
RESTAURANT_HOURS = {"1-5": "11:30-14:30, 18:30-22:30"}
PIZZERIA_HOURS = {"1-6": "11:30-14:00, 18:30-00:00"}
MAKER_HOURS = {"2-5": "10:00-13:00, 14:00-19:00"}
BEAUTY_HOURS = {"1-4": "9:00-19:00", "5": "9:00-18:00"}
SERVICES_HOURS = {"0": "14:00-19:00", "1-5": "9:00-12:30, 14:00-19:00"}
CHOCOLATE_HOURS = {"1-5": "10:00-19:30", "6": "10:00-13:00"}
MARKET_HOURS = {"1": "8:00-13:00", "5": "8:00-13:30"}  # the town's markets (MARKETS, further down)


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    icon: str
    colour: str
    hours: dict[str, str]
    menu: str  # default products of its shops, a key of demo.menus.MENUS


CATEGORIES = [
    CategoryData("boulangerie-patisserie", "Boulangerie-pâtisserie", "🥖", "#c27c0e", BAKERY_HOURS, "bakery"),
    CategoryData("boucherie-charcuterie", "Boucherie-charcuterie", "🥩", "#a62639", BUTCHER_HOURS, "butcher"),
    CategoryData("fromagerie", "Fromagerie", "🧀", "#d4a017", CHEESE_HOURS, "cheese"),
    CategoryData("primeur", "Primeur", "🍎", "#2e7d32", GREENGROCER_HOURS, "greengrocer"),
    CategoryData("poissonnerie", "Poissonnerie", "🐟", "#1565c0", FISH_HOURS, "fish"),
    CategoryData("caviste", "Caviste", "🍷", "#6a1b4d", WINE_HOURS, "wine"),
    CategoryData("epicerie-fine", "Épicerie fine", "🫒", "#5d6b1f", GROCERY_HOURS, "grocery"),
    CategoryData("epicerie-bio-vrac", "Épicerie bio et vrac", "🌾", "#7a8b3a", GROCERY_HOURS, "bulk"),
    CategoryData(
        "chocolatier-confiseur", "Chocolatier-confiseur", "🍫", "#5d3a1a", CHOCOLATE_HOURS, "chocolate"
    ),
    CategoryData("fleuriste", "Fleuriste", "💐", "#c2185b", FLORIST_HOURS, "florist"),
    CategoryData("librairie-papeterie", "Librairie-papeterie", "📚", "#37474f", BOOKSHOP_HOURS, "books"),
    CategoryData("restaurant-traiteur", "Restaurant-traiteur", "🍲", "#bf360c", RESTAURANT_HOURS, "caterer"),
    CategoryData("artisan-createur", "Artisan-créateur", "🏺", "#8d6e63", MAKER_HOURS, "pottery"),
    CategoryData("beaute-bien-etre", "Beauté-bien-être", "💆", "#ad1457", BEAUTY_HOURS, "beauty"),
    CategoryData("services", "Services", "🔧", "#455a64", SERVICES_HOURS, "cobbler"),
    CategoryData("stand-de-marche", "Stand de marché", "🧺", "#558b2f", MARKET_HOURS, "market"),
]
CATEGORY_BY_SLUG = {category.slug: category for category in CATEGORIES}


# --- Local delivery: the zone is the town and its neighbours (Versailles, Chaville, Vélizy-Villacoublay).
DELIVERY_ZONE = "78220, 78000, 92370, 78140"


@dataclass(frozen=True)
class DeliveryTerms:
    """A delivering shop's terms, as its merchant sets them in *My shop*."""

    fee: Decimal
    free_from: Decimal | None
    minimum: Decimal
    window_minutes: int = 120
    capacity: int = 3
    postcodes: str = DELIVERY_ZONE


GROCER_DELIVERY = DeliveryTerms(
    fee=Decimal("3.50"), free_from=Decimal("40.00"), minimum=Decimal("15.00"), capacity=4
)
WINE_DELIVERY = DeliveryTerms(fee=Decimal("5.00"), free_from=Decimal("80.00"), minimum=Decimal("30.00"))
FLOWER_DELIVERY = DeliveryTerms(fee=Decimal("6.00"), free_from=Decimal("60.00"), minimum=Decimal("25.00"))
# Meals go out hot: short windows, around lunch and dinner (the restaurants' hours).
MEAL_DELIVERY = DeliveryTerms(
    fee=Decimal("2.50"), free_from=Decimal("30.00"), minimum=Decimal("15.00"), window_minutes=60, capacity=4
)


@dataclass(frozen=True)
class ShopData:
    """A hand-written demo shop; what is left out comes from its category."""

    name: str
    category: str
    street: str
    description: str
    menu: str = ""
    hours: dict[str, str] | None = None  # {} for a stall without premises: it sells at the markets only
    click_collect: bool = True
    delivery: DeliveryTerms | None = None
    call_collect: bool = False
    website: bool = False
    approval: str = "approved"  # a Partner.Approval value: "approved", "pending" or "suspended"
    approval_reason: str = ""
    closed_message: str = ""  # set: the shop is temporarily closed
    closure: str = ""  # set: an exceptional closure covering today, with this reason


AV = "avenue du Général Leclerc"
SHOPS = [
    ShopData("Au Pain de Viroflay", "boulangerie-patisserie", f"45 {AV}",
             "Boulangerie artisanale depuis 1987 : pains au levain, viennoiseries pur beurre, pâtisseries.",
             website=True),
    ShopData("Maison Rieussec", "boulangerie-patisserie", "12 rue Rieussec",
             "Pâtisserie fine et pains spéciaux, farines de meuniers franciliens."),
    ShopData("Le Fournil de Jouy", "boulangerie-patisserie", "8 rue de Jouy",
             "Pain cuit au feu de bois, baguette tradition primée au concours départemental.",
             call_collect=True),
    ShopData("Boucherie Lemoine", "boucherie-charcuterie", f"27 {AV}",
             "Viandes d'éleveurs du Perche, maturées sur place. Commandes par téléphone bienvenues.",
             call_collect=True),
    ShopData("Charcuterie Bellanger", "boucherie-charcuterie", "3 place de Verdun",
             "Charcuterie maison, pâtés en croûte et plats du jour à emporter.", website=True),
    ShopData("La Cave à Fromages", "fromagerie", f"52 {AV}",
             "Plus de 150 fromages affinés dans nos caves, plateaux sur commande.", website=True),
    ShopData("Fromagerie Mère Colette", "fromagerie", "5 rue Rieussec",
             "Fromages fermiers au lait cru et crèmerie.", closure="Inventaire"),
    ShopData("Les Jardins de Viroflay", "primeur", f"61 {AV}",
             "Fruits et légumes de saison, producteurs d'Île-de-France en priorité. Livraison à domicile.",
             delivery=GROCER_DELIVERY),
    ShopData("Au Panier Frais", "primeur", "2 place du Marché",
             "Primeur de quartier : arrivages quotidiens de Rungis.", delivery=GROCER_DELIVERY),
    ShopData("La Marée de Viroflay", "poissonnerie", "19 rue de Jouy",
             "Poissons de petite pêche bretonne et plateaux de fruits de mer.", call_collect=True),
    ShopData("Cave Saint-Vincent", "caviste", "33 rue Rieussec",
             "Vins de vignerons indépendants, dégustations le samedi. Livraison à domicile.",
             delivery=WINE_DELIVERY, website=True),
    ShopData("Le Comptoir des Vignes", "caviste", "2 place de Verdun",
             "Cave et bar à vins : 400 références, bières artisanales et spiritueux."),
    ShopData("Le Garde-Manger", "epicerie-fine", "14 rue Gabriel Péri",
             "Épicerie fine : conserves de la mer, huiles, confitures et douceurs régionales."),
    ShopData("Maison Pivert", "epicerie-fine", f"70 {AV}",
             "Épicerie italienne : charcuterie à la coupe, fromages et pâtes fraîches.", menu="italian"),
    ShopData("Torréfaction Leclerc", "epicerie-fine", f"18 {AV}",
             "Cafés torréfiés chaque semaine dans la boutique, thés et accessoires.", menu="coffee",
             website=True),
    ShopData("Vrac et Bocaux", "epicerie-bio-vrac", "9 rue Jean Rey",
             "Épicerie bio en vrac, zéro déchet : venez avec vos contenants."),
    ShopData("Les Délices de Viroflay", "chocolatier-confiseur", "29 rue Rieussec",
             "Chocolats fabriqués sur place, confiseries et ballotins pour les fêtes.", website=True),
    ShopData("Fleurs de Jouy", "fleuriste", "24 rue de Jouy",
             "Fleurs de saison et de producteurs français, livraison dans la commune.",
             delivery=FLOWER_DELIVERY),
    ShopData("L'Atelier Floral", "fleuriste", "4 place de Verdun",
             "Compositions, mariages et deuils ; plantes d'intérieur."),
    ShopData("Librairie La Plume", "librairie-papeterie", f"38 {AV}",
             "Librairie générale et jeunesse, rencontres d'auteurs un samedi par mois.", website=True),
    ShopData("Papeterie du Coin", "librairie-papeterie", "11 rue Arthur Petit",
             "Papeterie, fournitures scolaires, jeux et cartes."),
    ShopData("Le Traiteur de la Gare", "restaurant-traiteur", "1 rue Gabriel Péri",
             "Plats cuisinés maison du jour, à emporter ou livrés le midi.",
             delivery=MEAL_DELIVERY),
    ShopData("Pizzeria Da Marco", "restaurant-traiteur", "6 rue Rieussec",
             "Pizzas au feu de bois, pâte maturée 48 heures. Ouvert tard le soir.", menu="pizzeria",
             hours=PIZZERIA_HOURS, delivery=MEAL_DELIVERY),
    ShopData("Crêperie Ty Viroflay", "restaurant-traiteur", "15 rue de Jouy",
             "Galettes au blé noir et crêpes comme en Bretagne.", menu="creperie"),
    ShopData("Les Saveurs d'Asie", "restaurant-traiteur", f"80 {AV}",
             "Traiteur asiatique : nems, bo bun et plats mijotés.", menu="asian",
             delivery=MEAL_DELIVERY),
    ShopData("Terre et Feu", "artisan-createur", "7 rue Joseph Bertrand",
             "Atelier de céramique : vaisselle en grès tournée à la main, cours le mercredi."),
    ShopData("Bijoux Éphémère", "artisan-createur", "21 rue Rieussec",
             "Bijoux créés et fabriqués dans l'atelier.", menu="jewellery",
             closed_message="Fermé pour travaux jusqu'à la fin du mois : à très vite !"),
    ShopData("Institut Belle Époque", "beaute-bien-etre", f"48 {AV}",
             "Soins du visage et du corps, cosmétiques naturels et bons cadeaux."),
    ShopData("Salon Anaïs Coiffure", "beaute-bien-etre", "3 rue Jean Rey",
             "Coiffure femmes, hommes et enfants, sur rendez-vous.", click_collect=False),
    ShopData("Cordonnerie Minute", "services", f"56 {AV}",
             "Cordonnerie, clés et affûtage, en boutique uniquement.", click_collect=False),
    ShopData("Pressing de la Gare", "services", "1 place de Verdun",
             "Pressing écologique : déposez le matin, récupérez le soir.", menu="dry-cleaning"),
    ShopData("Cycles Viroflay", "services", "17 avenue des Combattants",
             "Réparation et entretien de vélos, accessoires.", menu="bicycles", closure="Congés annuels"),
    ShopData("Le Potager de Marcel", "stand-de-marche", "Marché, place du Marché",
             "Maraîcher à Saint-Cyr-l'École, légumes cueillis la veille du marché.", hours={}),
    ShopData("Les Vergers du Hurepoix", "stand-de-marche", "Marché, place du Marché",
             "Arboriculteurs : pommes, poires, jus et cidre de la ferme.", menu="orchard", hours={}),
    ShopData("La Ruche de Viroflay", "stand-de-marche", "Marché, place du Marché",
             "Miels récoltés dans les ruchers de la forêt de Meudon.", menu="honey"),
    ShopData("Le Petit Épi", "boulangerie-patisserie", "40 rue Rieussec",
             "Nouvelle boulangerie bio : ouverture prochaine.", approval="pending"),
    ShopData("La Fabrique à Glaces", "chocolatier-confiseur", "10 rue de Jouy",
             "Glaces et sorbets artisanaux, à emporter.", approval="pending"),
    ShopData("Bazar Express", "services", f"90 {AV}",
             "Dépannage et petits objets du quotidien.", menu="cobbler",
             approval="suspended",
             approval_reason="Réclamations de clients : commandes non préparées, en cours de vérification."),
]  # fmt: skip

# --- Merchants' names, and the streets of generated shops, drawn for each shop from its code.
FIRST_NAMES = [
    "Camille",
    "Julien",
    "Sophie",
    "Thomas",
    "Claire",
    "Nicolas",
    "Léa",
    "Antoine",
    "Inès",
    "Hugo",
    "Chloé",
    "Mathieu",
    "Manon",
    "Pierre",
    "Sarah",
    "Louis",
    "Émilie",
    "Karim",
    "Lucie",
    "Yann",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Girard",
    "Roux",
    "Fournier",
    "Mercier",
    "Blanc",
    "Garnier",
    "Chevalier",
    "Perrin",
    "Morel",
    "Benali",
    "Nguyen",
    "Le Gall",
]
STREETS = [
    AV,
    "rue Rieussec",
    "rue de Jouy",
    "place de Verdun",
    "rue Gabriel Péri",
    "rue Jean Rey",
    "rue Arthur Petit",
    "avenue des Combattants",
    "rue Joseph Bertrand",
    "chaussée de la Fontaine",
]


# --- The town's life: news, shops' posts, weekly markets. Their dates follow today, so `make run` shows
# a current announcement, today's menu and the coming market sessions whatever the day.
@dataclass(frozen=True)
class AnnouncementData:
    title: str
    text: str
    starts_in: int  # days from today (negative: already started)
    ends_in: int  # days from today, inclusive


ANNOUNCEMENTS = [
    AnnouncementData(
        "Le marché se commande en ligne",
        "Commandez chez les exposants du marché et retirez votre panier à leur stand, sans attendre : "
        "choisissez « au marché » parmi les créneaux de retrait.",
        starts_in=-3,
        ends_in=21,
    ),
    AnnouncementData(
        "Travaux rue Rieussec",
        "Les travaux de voirie de la rue Rieussec sont terminés : ses commerces sont de nouveau accessibles.",
        starts_in=-60,
        ends_in=-40,
    ),
]


@dataclass(frozen=True)
class PostData:
    shop: str  # the shop's code
    kind: str  # a MerchantPost.Kind value: "offer", "news" or "menu"
    text: str
    picture: str = ""  # what its generated photo shows; none when empty
    today_only: bool = False  # a menu is for the day


POSTS = [
    PostData("les-delices-de-viroflay", "offer",
             "−20 % sur les ballotins de 500 g jusqu'à dimanche : pensez aux cadeaux de fin d'année !",
             picture="Ballotins"),
    PostData("librairie-la-plume", "news",
             "Samedi à 16 h, rencontre et dédicace avec l'autrice du « Guide de randonnée des Yvelines ». "
             "Entrée libre."),
    PostData("le-traiteur-de-la-gare", "menu",
             "Menu du jour à 14,50 € : velouté de potimarron, bœuf bourguignon et purée maison, tarte fine "
             "aux pommes.", picture="Menu du jour", today_only=True),
]  # fmt: skip


@dataclass(frozen=True)
class MarketData:
    name: str
    place: str
    weekday: int
    opens: str
    closes: str
    stallholders: tuple[str, ...]  # shop codes


MARKETS = [
    MarketData("Marché du mardi", "Place du Marché", 1, "8:00", "13:00",
               ("le-potager-de-marcel", "la-ruche-de-viroflay", "au-panier-frais")),
    MarketData("Marché du samedi", "Halle du marché, place du Marché", 5, "8:00", "13:30",
               ("le-potager-de-marcel", "les-vergers-du-hurepoix", "la-ruche-de-viroflay",
                "la-cave-a-fromages")),
]  # fmt: skip
# Stallholders without premises who let residents collect at their stall.
MARKET_PICKUP_SHOPS = ("le-potager-de-marcel", "les-vergers-du-hurepoix")
MARKET_BREAK = ("Marché du mardi", "Vacances scolaires")  # one Tuesday, in the second week from today
MARKET_CANCELLATION = ("Marché du samedi", "Alerte météo : vents violents annoncés")  # the second Saturday


# --- The town's pickup point.
PICKUP_POINT_NAME = "Halle du marché"
PICKUP_POINT_STAFF_EMAIL = "halle@example.com"
# Shops that drop their orders at the hall, opted in when the hall is created.
PICKUP_POINT_SHOPS = ("au-pain-de-viroflay", "la-cave-a-fromages", "les-jardins-de-viroflay")
# The hall's desk: Tuesday to Saturday 9:00–12:30 and 16:00–19:00, Sunday morning.
PICKUP_POINT_HOURS = {
    **{day: [(dt.time(9), dt.time(12, 30)), (dt.time(16), dt.time(19))] for day in range(1, 6)},
    6: [(dt.time(9), dt.time(13))],
}
