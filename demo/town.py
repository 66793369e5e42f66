"""The demo town of Viroflay: its shops, products and accounts as data, and the builders that seed them.

`demo_seed` is idempotent: a shop is identified by its code (slug); shops already present are left
alone, so re-running adds nothing. Shops are built in bulk, 25 at a time, each batch in one
transaction, so the town-scale seed (`shops=250, products=100`) takes seconds, not hours.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.checks import use_productcategory_materialised_view
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group, merchant_permission
from demo import images as demo_images
from markets.models import Market, MarketBreak, MarketCancellation
from pickup_points.services import point_staff_add
from shops.models import Closure, OpeningHours, Partner, ShopCategory, ShopEvent
from shops.products import product_class_for
from shops.validators import luhn_valid
from townhall.models import Announcement, MerchantPost

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

PASSWORD = "marketplace"
POSTCODE = "78220"
CITY = "Viroflay"
BATCH_SHOPS = 25
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
MARKET_HOURS = {"1": "8:00-13:00", "5": "8:00-13:30"}  # the town's markets (MARKETS below)


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    icon: str
    colour: str
    hours: dict[str, str]
    menu: str  # default products of its shops, a key of MENUS


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

# --- Products: (title, price in euros, catalogue sub-category); prices are tax included.
MENUS: dict[str, list[tuple[str, str, str]]] = {
    "bakery": [
        ("Baguette tradition", "1.30", "Pains"),
        ("Baguette classique", "1.10", "Pains"),
        ("Pain de campagne (500 g)", "3.20", "Pains"),
        ("Pain aux céréales (400 g)", "3.40", "Pains"),
        ("Croissant pur beurre", "1.20", "Viennoiseries"),
        ("Pain au chocolat", "1.35", "Viennoiseries"),
        ("Pain aux raisins", "1.60", "Viennoiseries"),
        ("Chausson aux pommes", "1.80", "Viennoiseries"),
        ("Éclair au chocolat", "3.20", "Pâtisseries"),
        ("Tarte aux fraises (4 parts)", "18.00", "Pâtisseries"),
        ("Flan pâtissier (la part)", "2.80", "Pâtisseries"),
        ("Paris-Brest individuel", "4.20", "Pâtisseries"),
    ],
    "butcher": [
        ("Entrecôte de bœuf (300 g)", "11.40", "Viandes"),
        ("Steaks hachés pur bœuf (x2)", "5.90", "Viandes"),
        ("Rôti de porc (1 kg)", "14.50", "Viandes"),
        ("Poulet fermier Label Rouge (1,6 kg)", "16.80", "Volailles"),
        ("Cuisses de canard (x2)", "9.20", "Volailles"),
        ("Saucisses de Toulouse (x4)", "6.40", "Charcuterie"),
        ("Jambon blanc à l'os (4 tranches)", "7.20", "Charcuterie"),
        ("Pâté en croûte (la tranche)", "3.90", "Charcuterie"),
        ("Rillettes du Mans (200 g)", "4.60", "Charcuterie"),
        ("Saucisson sec (250 g)", "6.90", "Charcuterie"),
    ],
    "cheese": [
        ("Comté 18 mois (200 g)", "4.90", "Fromages"),
        ("Brie de Meaux AOP (250 g)", "5.20", "Fromages"),
        ("Camembert de Normandie AOP", "4.30", "Fromages"),
        ("Roquefort AOP (150 g)", "4.80", "Fromages"),
        ("Crottin de Chavignol", "2.90", "Fromages"),
        ("Tomme de Savoie (250 g)", "4.60", "Fromages"),
        ("Beurre demi-sel à la motte (250 g)", "3.80", "Crèmerie"),
        ("Œufs fermiers (x6)", "2.90", "Crèmerie"),
        ("Yaourts fermiers nature (x4)", "3.60", "Crèmerie"),
        ("Crème fraîche épaisse (25 cl)", "2.70", "Crèmerie"),
    ],
    "greengrocer": [
        ("Pommes Gala (1 kg)", "2.90", "Fruits"),
        ("Poires Conférence (1 kg)", "3.40", "Fruits"),
        ("Bananes (1 kg)", "2.20", "Fruits"),
        ("Clémentines de Corse (1 kg)", "4.50", "Fruits"),
        ("Fraises de Plougastel (250 g)", "4.90", "Fruits"),
        ("Tomates grappe (1 kg)", "3.90", "Légumes"),
        ("Carottes des sables (1 kg)", "1.90", "Légumes"),
        ("Pommes de terre Charlotte (2 kg)", "3.80", "Légumes"),
        ("Salade batavia", "1.40", "Légumes"),
        ("Courgettes (1 kg)", "2.80", "Légumes"),
        ("Poireaux (la botte)", "2.60", "Légumes"),
    ],
    "fish": [
        ("Filet de cabillaud (300 g)", "8.70", "Poissons"),
        ("Pavés de saumon (x2)", "9.90", "Poissons"),
        ("Sole portion (350 g)", "14.00", "Poissons"),
        ("Bar de ligne (la pièce)", "12.50", "Poissons"),
        ("Huîtres de Marennes n°3 (la douzaine)", "13.80", "Fruits de mer"),
        ("Moules de bouchot (1 kg)", "6.50", "Fruits de mer"),
        ("Crevettes roses cuites (250 g)", "7.40", "Fruits de mer"),
        ("Soupe de poisson maison (1 l)", "8.20", "Fruits de mer"),
    ],
    "wine": [
        ("Saint-Émilion 2019 (75 cl)", "18.50", "Vins"),
        ("Chablis premier cru 2021 (75 cl)", "24.00", "Vins"),
        ("Côtes-du-Rhône Villages 2022 (75 cl)", "9.80", "Vins"),
        ("Sancerre blanc 2022 (75 cl)", "17.90", "Vins"),
        ("Champagne brut (75 cl)", "32.00", "Vins"),
        ("Crémant de Loire (75 cl)", "12.50", "Vins"),
        ("Bière blonde artisanale (33 cl)", "3.20", "Bières et spiritueux"),
        ("Whisky français (70 cl)", "45.00", "Bières et spiritueux"),
        ("Calvados Pays d'Auge (70 cl)", "36.00", "Bières et spiritueux"),
    ],
    "grocery": [
        ("Huile d'olive vierge extra (50 cl)", "12.90", "Épicerie salée"),
        ("Moutarde de Meaux (250 g)", "4.50", "Épicerie salée"),
        ("Terrine de campagne (180 g)", "5.80", "Épicerie salée"),
        ("Sel de Guérande (250 g)", "3.60", "Épicerie salée"),
        ("Pâtes artisanales (500 g)", "3.90", "Épicerie salée"),
        ("Confiture d'abricot (350 g)", "5.40", "Épicerie sucrée"),
        ("Miel de lavande (250 g)", "7.90", "Épicerie sucrée"),
        ("Sablés bretons (150 g)", "4.20", "Épicerie sucrée"),
        ("Thé vert au jasmin (100 g)", "8.90", "Café et thé"),
    ],
    "italian": [
        ("Parmigiano Reggiano 24 mois (200 g)", "6.90", "Épicerie italienne"),
        ("Jambon de Parme (100 g)", "5.80", "Épicerie italienne"),
        ("Mozzarella di bufala (125 g)", "3.90", "Épicerie italienne"),
        ("Pâtes fraîches (400 g)", "4.80", "Épicerie italienne"),
        ("Pesto genovese (130 g)", "5.50", "Épicerie italienne"),
        ("Huile d'olive de Sicile (50 cl)", "14.90", "Épicerie italienne"),
        ("Panettone (750 g)", "19.90", "Épicerie sucrée"),
    ],
    "coffee": [
        ("Café Éthiopie moka (250 g)", "8.90", "Café et thé"),
        ("Café Brésil (250 g)", "7.20", "Café et thé"),
        ("Espresso de la maison (1 kg)", "26.00", "Café et thé"),
        ("Thé Earl Grey (100 g)", "7.50", "Café et thé"),
        ("Chocolat chaud en poudre (250 g)", "8.50", "Café et thé"),
        ("Cafetière italienne (6 tasses)", "32.00", "Art de la table"),
    ],
    "bulk": [
        ("Lentilles vertes bio (500 g)", "2.90", "Vrac"),
        ("Riz basmati bio (1 kg)", "4.60", "Vrac"),
        ("Flocons d'avoine bio (500 g)", "2.40", "Vrac"),
        ("Amandes bio (200 g)", "5.90", "Vrac"),
        ("Pois chiches bio (500 g)", "2.70", "Vrac"),
        ("Chocolat noir 70 % bio (100 g)", "3.10", "Vrac"),
        ("Savon de Marseille (300 g)", "4.20", "Maison"),
        ("Lessive liquide (1 l)", "5.50", "Maison"),
    ],
    "chocolate": [
        ("Ballotin de chocolats (250 g)", "22.00", "Chocolats"),
        ("Tablette noir 70 % (100 g)", "6.50", "Chocolats"),
        ("Orangettes (150 g)", "12.00", "Chocolats"),
        ("Mendiants (150 g)", "10.50", "Chocolats"),
        ("Pâte à tartiner noisette (220 g)", "9.50", "Confiserie"),
        ("Guimauves (x10)", "8.00", "Confiserie"),
        ("Calissons (200 g)", "14.50", "Confiserie"),
    ],
    "florist": [
        ("Bouquet de saison", "25.00", "Bouquets"),
        ("Grand bouquet champêtre", "39.00", "Bouquets"),
        ("Rose rouge (à la tige)", "3.50", "Bouquets"),
        ("Lys (botte de 5)", "19.00", "Bouquets"),
        ("Pivoines (botte de 5)", "22.00", "Bouquets"),
        ("Composition de table", "35.00", "Bouquets"),
        ("Orchidée blanche en pot", "29.90", "Plantes"),
        ("Plante grasse en pot", "8.50", "Plantes"),
    ],
    "books": [
        ("Roman de la rentrée (grand format)", "22.00", "Livres"),
        ("Bande dessinée jeunesse", "12.50", "Livres"),
        ("Guide de randonnée des Yvelines", "14.90", "Livres"),
        ("Livre de cuisine de saison", "24.90", "Livres"),
        ("Carnet ligné A5", "8.90", "Papeterie"),
        ("Stylo plume", "19.90", "Papeterie"),
        ("Agenda de l'année", "16.50", "Papeterie"),
        ("Carte postale de Viroflay", "1.50", "Papeterie"),
        ("Puzzle 1000 pièces", "18.90", "Jeux"),
    ],
    "caterer": [
        ("Bœuf bourguignon (la part)", "12.50", "Plats"),
        ("Hachis parmentier (la part)", "9.80", "Plats"),
        ("Quiche lorraine (la part)", "4.90", "Plats"),
        ("Lasagnes maison (la part)", "10.50", "Plats"),
        ("Salade de saison", "8.50", "Plats"),
        ("Tiramisu", "4.50", "Desserts"),
        ("Mousse au chocolat", "3.90", "Desserts"),
    ],
    "pizzeria": [
        ("Pizza margherita", "10.50", "Pizzas"),
        ("Pizza reine", "12.50", "Pizzas"),
        ("Pizza quatre fromages", "13.50", "Pizzas"),
        ("Calzone", "13.00", "Pizzas"),
        ("Salade caprese", "8.90", "Plats"),
        ("Tiramisu maison", "5.00", "Desserts"),
    ],
    "creperie": [
        ("Galette complète", "9.50", "Crêpes et galettes"),
        ("Galette forestière", "11.00", "Crêpes et galettes"),
        ("Crêpe beurre-sucre", "4.00", "Crêpes et galettes"),
        ("Crêpe caramel au beurre salé", "5.50", "Crêpes et galettes"),
        ("Cidre brut fermier (75 cl)", "6.50", "Boissons"),
    ],
    "asian": [
        ("Nems au porc (x4)", "6.50", "Plats"),
        ("Poulet au curry (la part)", "10.90", "Plats"),
        ("Riz cantonais (la part)", "6.00", "Plats"),
        ("Bo bun au bœuf", "11.50", "Plats"),
        ("Raviolis vapeur (x6)", "7.20", "Plats"),
        ("Perles de coco (x2)", "3.50", "Desserts"),
    ],
    "pottery": [
        ("Bol en grès émaillé", "24.00", "Céramique"),
        ("Tasse à café en grès", "18.00", "Céramique"),
        ("Assiette plate", "28.00", "Céramique"),
        ("Vase soliflore", "45.00", "Céramique"),
        ("Saladier tourné main", "62.00", "Céramique"),
    ],
    "jewellery": [
        ("Boucles d'oreilles en laiton", "35.00", "Bijoux"),
        ("Collier de perles d'eau douce", "48.00", "Bijoux"),
        ("Bracelet cordon et argent", "29.00", "Bijoux"),
        ("Bague en argent martelé", "65.00", "Bijoux"),
    ],
    "beauty": [
        ("Crème hydratante visage (50 ml)", "28.00", "Soins"),
        ("Huile sèche corps (100 ml)", "24.00", "Soins"),
        ("Savon surgras au lait d'ânesse", "7.50", "Soins"),
        ("Shampoing solide", "11.00", "Soins"),
        ("Bougie parfumée", "22.00", "Soins"),
        ("Bon cadeau soin du visage", "60.00", "Bons cadeaux"),
    ],
    "cobbler": [
        ("Pose de talons (prestation)", "15.00", "Cordonnerie"),
        ("Reproduction de clé", "5.50", "Cordonnerie"),
        ("Cirage (boîte)", "7.90", "Cordonnerie"),
        ("Lacets cirés (la paire)", "3.50", "Cordonnerie"),
        ("Semelles intérieures", "12.00", "Cordonnerie"),
    ],
    "dry-cleaning": [
        ("Nettoyage chemise", "4.20", "Pressing"),
        ("Nettoyage pantalon", "7.50", "Pressing"),
        ("Nettoyage costume deux pièces", "16.90", "Pressing"),
        ("Nettoyage robe", "13.50", "Pressing"),
        ("Nettoyage couette une place", "22.00", "Pressing"),
    ],
    "bicycles": [
        ("Révision vélo complète", "69.00", "Vélo"),
        ("Réparation de crevaison", "15.00", "Vélo"),
        ("Chambre à air", "8.90", "Vélo"),
        ("Antivol en U", "34.90", "Vélo"),
        ("Kit d'éclairage LED", "24.90", "Vélo"),
    ],
    "market": [
        ("Panier de légumes de saison (3 kg)", "15.00", "Légumes"),
        ("Œufs plein air (x12)", "4.80", "Crèmerie"),
        ("Potimarron (la pièce)", "3.20", "Légumes"),
        ("Radis (la botte)", "1.50", "Légumes"),
        ("Herbes aromatiques (la botte)", "1.20", "Légumes"),
        ("Pommes de terre nouvelles (1 kg)", "2.50", "Légumes"),
    ],
    "orchard": [
        ("Jus de pomme artisanal (1 l)", "3.90", "Fruits"),
        ("Pommes reinettes (1 kg)", "3.20", "Fruits"),
        ("Poires Williams (1 kg)", "3.60", "Fruits"),
        ("Cidre fermier (75 cl)", "5.80", "Boissons"),
        ("Compote de pommes (bocal)", "4.50", "Fruits"),
    ],
    "honey": [
        ("Miel de fleurs (500 g)", "9.50", "Miel"),
        ("Miel d'acacia (250 g)", "7.80", "Miel"),
        ("Pain d'épices au miel", "6.90", "Miel"),
        ("Bougie en cire d'abeille", "8.50", "Miel"),
    ],
}


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
    approval: str = Partner.Approval.APPROVED
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
             "Nouvelle boulangerie bio : ouverture prochaine.", approval=Partner.Approval.PENDING),
    ShopData("La Fabrique à Glaces", "chocolatier-confiseur", "10 rue de Jouy",
             "Glaces et sorbets artisanaux, à emporter.", approval=Partner.Approval.PENDING),
    ShopData("Bazar Express", "services", f"90 {AV}",
             "Dépannage et petits objets du quotidien.", menu="cobbler",
             approval=Partner.Approval.SUSPENDED,
             approval_reason="Réclamations de clients : commandes non préparées, en cours de vérification."),
]  # fmt: skip

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


# --- Specs: plain values for the builder, from the data above or generated for the town scale.
@dataclass(frozen=True)
class ProductSpec:
    title: str
    price: Decimal
    breadcrumb: str
    stock: int
    image: str  # storage name of the picture, drawn if missing
    image_title: str  # what the picture shows: files are shared by products of the same template


@dataclass(frozen=True)
class ShopSpec:
    name: str
    code: str
    category: CategoryData
    description: str
    street: str
    phone: str
    website: str
    contact_first_name: str
    contact_last_name: str
    siret: str
    click_collect: bool
    delivery: DeliveryTerms | None  # None: no delivery
    call_collect: bool
    preparation_minutes: int
    slot_minutes: int
    slot_capacity: int
    hours: dict[int, list[tuple[dt.time, dt.time]]]
    logo: str
    photo: str
    picture_label: str  # what the logo and shop front show: the shop's name, or its category's for a pool
    products: list[ProductSpec]
    approval: str = Partner.Approval.APPROVED
    approval_reason: str = ""
    closed_message: str = ""
    closure: str = ""
    events: list[str] = field(default_factory=list)

    @property
    def email(self) -> str:
        return f"{self.code}@example.com"


def parse_time(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def parse_week(spec: dict[str, str]) -> dict[int, list[tuple[dt.time, dt.time]]]:
    """`{"1-5": "7:00-13:30, 15:30-19:30"}` → {1: [(7:00, 13:30), (15:30, 19:30)], …, 5: […]}."""
    week: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for days, ranges in spec.items():
        first, _, last = days.partition("-")
        parsed = [tuple(map(parse_time, r.strip().split("-"))) for r in ranges.split(",")]
        for weekday in range(int(first), int(last or first) + 1):
            week[weekday] = parsed  # type: ignore[assignment]
    return week


def siret_for(rng: random.Random) -> str:
    """A SIRET number with a valid checksum, so the town hall's forms accept it."""
    base = "".join(str(rng.randint(0, 9)) for _ in range(13))
    return next(base + str(d) for d in range(10) if luhn_valid(base + str(d)))


def phone_for(rng: random.Random) -> str:
    return f"01 30 24 {rng.randint(10, 99)} {rng.randint(10, 99)}"


def stock_for(rng: random.Random) -> int:
    # About one product in twelve is sold out, as on a real Saturday afternoon.
    return 0 if rng.random() < 0.08 else rng.randint(3, 60)


def shop_products(
    code: str, category: CategoryData, menu: str, rng: random.Random, count: int | None = None
) -> list[ProductSpec]:
    """The shop's products from `menu`; `count` beyond the menu cycles it with reference numbers.

    Demo shops (count None) get one picture file each, so a merchant deleting a picture deletes
    only theirs; generated shops share a pool of files, one per menu item.
    """
    items = MENUS[menu]
    specs = []
    for index in range(len(items) if count is None else count):
        title, price, sub_category = items[index % len(items)]
        if count is None:
            image = f"demo/products/{code}/{slugify(title)}.jpg"
        else:
            image = f"demo/pool/{category.slug}/{slugify(title)}.jpg"
            if index >= len(items):
                title = f"{title} — réf. {index + 1}"
        specs.append(
            ProductSpec(
                title=title,
                price=Decimal(price),
                breadcrumb=f"{category.name} > {sub_category}",
                stock=stock_for(rng),
                image=image,
                image_title=items[index % len(items)][0],
            )
        )
    return specs


def demo_shop_specs() -> list[ShopSpec]:
    """The hand-written shops of the demo town."""
    specs = []
    for data in SHOPS:
        code = slugify(data.name)
        category = CATEGORY_BY_SLUG[data.category]
        rng = random.Random(code)
        events = ["applied"]
        if data.approval != Partner.Approval.PENDING:
            events.append("approved")
        if data.approval == Partner.Approval.SUSPENDED:
            events.append("suspended")
        specs.append(
            ShopSpec(
                name=data.name,
                code=code,
                category=category,
                description=data.description,
                street=data.street,
                phone=phone_for(rng),
                website=f"https://{code}.example.com" if data.website else "",
                contact_first_name=rng.choice(FIRST_NAMES),
                contact_last_name=rng.choice(LAST_NAMES),
                siret=siret_for(rng),
                click_collect=data.click_collect,
                delivery=data.delivery,
                call_collect=data.call_collect,
                preparation_minutes=rng.choice([30, 60, 60, 120, 24 * 60]),
                slot_minutes=rng.choice([15, 30, 30, 60]),
                slot_capacity=rng.choice([2, 4, 4, 6, 10]),
                hours=parse_week(category.hours if data.hours is None else data.hours),
                logo=f"demo/shops/{code}-logo.jpg",
                photo=f"demo/shops/{code}-photo.jpg",
                picture_label=data.name,
                products=shop_products(code, category, data.menu or category.menu, rng),
                approval=data.approval,
                approval_reason=data.approval_reason,
                closed_message=data.closed_message,
                closure=data.closure,
                events=events,
            )
        )
    return specs


def scale_shop_specs(count: int, products: int) -> list[ShopSpec]:
    """`count` generated approved shops ("Boutique 137 — Primeur") of `products` products each."""
    specs = []
    for number in range(1, count + 1):
        category = CATEGORIES[number % len(CATEGORIES)]
        name = f"Boutique {number} — {category.name}"
        code = slugify(name)
        rng = random.Random(code)
        specs.append(
            ShopSpec(
                name=name,
                code=code,
                category=category,
                description=f"{category.name} de quartier à {CITY}.",
                street=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                phone=phone_for(rng),
                website="",
                contact_first_name=rng.choice(FIRST_NAMES),
                contact_last_name=rng.choice(LAST_NAMES),
                siret=siret_for(rng),
                click_collect=number % 7 != 0,
                delivery=GROCER_DELIVERY if number % 3 == 0 else None,
                call_collect=number % 5 == 0,
                preparation_minutes=rng.choice([30, 60, 120]),
                slot_minutes=rng.choice([15, 30, 60]),
                slot_capacity=rng.choice([2, 4, 8]),
                hours=parse_week(category.hours),
                logo=f"demo/pool/{category.slug}-logo.jpg",
                photo=f"demo/pool/{category.slug}-photo.jpg",
                picture_label=category.name,
                products=shop_products(code, category, category.menu, rng, count=products),
                events=["applied", "approved"],
            )
        )
    return specs


# --- Builders: writes, idempotent.
@dataclass
class SeedResult:
    shops_created: int = 0
    products_created: int = 0
    merchant_emails: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]


def shop_categories_ensure() -> dict[str, ShopCategory]:
    categories = {}
    for position, data in enumerate(CATEGORIES):
        categories[data.slug], _ = ShopCategory.objects.get_or_create(
            slug=data.slug, defaults={"name": data.name, "icon": data.icon, "position": position}
        )
    return categories


def user_ensure(*, email: str, first_name: str, last_name: str, password_hash: str) -> User:
    user, _ = User.objects.get_or_create(
        username=email,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "password": password_hash,
        },
    )
    return user


def accounts_ensure(*, password_hash: str) -> tuple[User, User]:
    """The resident and the town hall officer of the demo."""
    resident = user_ensure(
        email=RESIDENT_EMAIL, first_name="Camille", last_name="Durand", password_hash=password_hash
    )
    mairie = user_ensure(
        email=TOWN_HALL_EMAIL, first_name="Hélène", last_name="Marchand", password_hash=password_hash
    )
    if not mairie.is_staff:
        mairie.is_staff = True
        mairie.save(update_fields=["is_staff"])
    mairie.groups.add(ensure_town_hall_group())
    return resident, mairie


def pictures_ensure(*, specs: Iterable[ShopSpec]) -> None:
    """Draw each picture the specs name that storage does not hold yet (a pool is drawn once)."""
    wanted: dict[str, Callable[[], bytes]] = {}
    for spec in specs:
        colour = spec.category.colour
        label = spec.picture_label
        wanted[spec.logo] = lambda label=label, colour=colour: demo_images.shop_logo(label, colour)
        wanted[spec.photo] = lambda label=label, colour=colour: demo_images.shop_front(label, colour)
        for product in spec.products:
            wanted[product.image] = lambda t=product.image_title, colour=colour: demo_images.product_picture(
                t, colour
            )
    for name, draw in wanted.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(draw()))


@transaction.atomic
def catalogue_categories_ensure(*, specs: Iterable[ShopSpec]) -> dict[str, Category]:
    """Oscar catalogue categories of the specs' products, by breadcrumb ("Fromagerie > Fromages")."""
    breadcrumbs = {item.breadcrumb for spec in specs for item in spec.products}
    return {breadcrumb: create_from_breadcrumbs(breadcrumb) for breadcrumb in sorted(breadcrumbs)}


def delivery_fields(terms: DeliveryTerms | None) -> dict[str, object]:
    """The Partner fields of `terms`; none for a shop that does not deliver (the model's defaults)."""
    if terms is None:
        return {}
    return {
        "delivery_postcodes": terms.postcodes,
        "delivery_fee": terms.fee,
        "delivery_free_from": terms.free_from,
        "delivery_minimum": terms.minimum,
        "delivery_window_minutes": terms.window_minutes,
        "delivery_capacity": terms.capacity,
    }


def shops_build(
    specs: Sequence[ShopSpec],
    *,
    categories: dict[str, ShopCategory],
    catalogue: dict[str, Category],
    product_class: ProductClass,
    town_hall: User,
    password_hash: str,
) -> int:
    """Create the shops of `specs` with hours, merchant, products, stock and pictures; return products made.

    Everything is inserted in bulk: a few queries per table for the whole batch.
    """
    now = timezone.now()
    today = timezone.localdate()
    shops = Partner.objects.bulk_create(
        [
            Partner(
                name=spec.name,
                code=spec.code,
                category=categories[spec.category.slug],
                description=spec.description,
                street=spec.street,
                postcode=POSTCODE,
                city=CITY,
                phone=spec.phone,
                email=spec.email,
                website=spec.website,
                siret=spec.siret,
                contact_name=f"{spec.contact_first_name} {spec.contact_last_name}",
                logo=spec.logo,
                photo=spec.photo,
                approval=spec.approval,
                approval_reason=spec.approval_reason,
                approval_changed_at=now if spec.approval != Partner.Approval.PENDING else None,
                temporarily_closed=bool(spec.closed_message),
                closed_message=spec.closed_message,
                offers_click_collect=spec.click_collect,
                offers_delivery=spec.delivery is not None,
                **delivery_fields(spec.delivery),
                offers_call_collect=spec.call_collect,
                preparation_minutes=spec.preparation_minutes,
                slot_minutes=spec.slot_minutes,
                slot_capacity=spec.slot_capacity,
            )
            for spec in specs
        ]
    )
    pairs = list(zip(specs, shops, strict=True))
    OpeningHours.objects.bulk_create(
        OpeningHours(shop=shop, weekday=weekday, opens=opens, closes=closes)
        for spec, shop in pairs
        for weekday, ranges in spec.hours.items()
        for opens, closes in ranges
    )
    Closure.objects.bulk_create(
        Closure(shop=shop, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=2),
                reason=spec.closure)
        for spec, shop in pairs
        if spec.closure
    )  # fmt: skip

    # Merchants: one account per shop, reused when it already exists.
    existing = User.objects.in_bulk([spec.email for spec in specs], field_name="username")
    User.objects.bulk_create(
        User(username=spec.email, email=spec.email, first_name=spec.contact_first_name,
             last_name=spec.contact_last_name, password=password_hash)
        for spec in specs
        if spec.email not in existing
    )  # fmt: skip
    merchants = User.objects.in_bulk([spec.email for spec in specs], field_name="username")
    Partner.users.through.objects.bulk_create(
        Partner.users.through(partner=shop, user=merchants[spec.email]) for spec, shop in pairs
    )
    permission = merchant_permission()
    User.user_permissions.through.objects.bulk_create(
        [User.user_permissions.through(user=user, permission=permission) for user in merchants.values()],
        ignore_conflicts=True,
    )
    actors = {"applied": None, "approved": town_hall, "suspended": town_hall}
    ShopEvent.objects.bulk_create(
        ShopEvent(shop=shop, action=action, actor=actors[action] or merchants[spec.email],
                  reason=spec.approval_reason if action == "suspended" else "")
        for spec, shop in pairs
        for action in spec.events
    )  # fmt: skip

    # Products, then the rows that point at them.
    made = [(spec, shop, item) for spec, shop in pairs for item in spec.products]
    products = Product.objects.bulk_create(
        (
            Product(
                title=item.title,
                slug=slugify(item.title),
                description=f"{item.title}. Vendu par {spec.name}, {spec.street}, {CITY}.",
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            for spec, _shop, item in made
        ),
        batch_size=1000,
    )
    rows = list(zip(made, products, strict=True))
    ProductCategory.objects.bulk_create(
        (
            ProductCategory(product=product, category=catalogue[item.breadcrumb])
            for (_, _, item), product in rows
        ),
        batch_size=1000,
    )
    StockRecord.objects.bulk_create(
        (
            StockRecord(product=product, partner=shop, partner_sku=f"{shop.code[:100]}-{index:04d}",
                        price=item.price, price_currency="EUR", num_in_stock=item.stock, num_allocated=0,
                        low_stock_threshold=3)
            for index, ((_, shop, item), product) in enumerate(rows, start=1)
        ),
        batch_size=1000,
    )  # fmt: skip
    ProductImage.objects.bulk_create(
        (
            ProductImage(product=product, original=item.image, caption=item.title, display_order=0)
            for (_, _, item), product in rows
        ),
        batch_size=1000,
    )
    return len(products)


def closures_refresh(*, specs: Iterable[ShopSpec]) -> None:
    """Keep the demo's exceptional closures around today, so `make run` shows a closed shop any day."""
    today = timezone.localdate()
    for spec in specs:
        if spec.closure:
            Closure.objects.filter(shop__code=spec.code, reason=spec.closure, end_date__lt=today).update(
                start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=2)
            )


def delivery_zones_refresh(*, specs: Iterable[ShopSpec]) -> None:
    """Give delivering demo shops seeded before they had terms a zone; a zone the merchant set is kept."""
    for spec in specs:
        if spec.delivery is not None:
            Partner.objects.filter(code=spec.code, offers_delivery=True, delivery_postcodes="").update(
                **delivery_fields(spec.delivery)
            )


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
    kind: str
    text: str
    picture: str = ""  # what its generated photo shows; none when empty
    today_only: bool = False  # a menu is for the day


POSTS = [
    PostData("les-delices-de-viroflay", MerchantPost.Kind.OFFER,
             "−20 % sur les ballotins de 500 g jusqu'à dimanche : pensez aux cadeaux de fin d'année !",
             picture="Ballotins"),
    PostData("librairie-la-plume", MerchantPost.Kind.NEWS,
             "Samedi à 16 h, rencontre et dédicace avec l'autrice du « Guide de randonnée des Yvelines ». "
             "Entrée libre."),
    PostData("le-traiteur-de-la-gare", MerchantPost.Kind.MENU,
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


def announcements_ensure(*, author: User) -> None:
    """One announcement on the home page today and one that has ended."""
    today = timezone.localdate()
    for data in ANNOUNCEMENTS:
        Announcement.objects.update_or_create(
            title=data.title,
            defaults={
                "text": data.text,
                "starts_on": today + dt.timedelta(days=data.starts_in),
                "ends_on": today + dt.timedelta(days=data.ends_in),
                "created_by": author,
            },
        )


def posts_ensure() -> None:
    """An offer, a piece of news and today's menu, from demo shops; photos drawn once."""
    now = timezone.now()
    zone = timezone.get_current_timezone()
    midnight = dt.datetime.combine(timezone.localdate(now), dt.time(0), tzinfo=zone)
    codes = [post.shop for post in POSTS]
    shops = Partner.objects.select_related("category").in_bulk(codes, field_name="code")
    for data in POSTS:
        shop = shops.get(data.shop)
        if shop is None:
            continue
        photo = ""
        if data.picture:
            photo = f"demo/posts/{shop.code}-{data.kind}.jpg"
            if not default_storage.exists(photo):
                colour = CATEGORY_BY_SLUG[shop.category.slug].colour
                default_storage.save(photo, ContentFile(demo_images.product_picture(data.picture, colour)))
        MerchantPost.objects.update_or_create(
            shop=shop,
            kind=data.kind,
            text=data.text,
            defaults={
                "photo": photo,
                "publish_from": midnight if data.today_only else now - dt.timedelta(days=2),
                "publish_until": midnight + dt.timedelta(days=1) if data.today_only else None,
            },
        )


def markets_ensure() -> None:
    """The weekly markets with their stallholders (two offering stall pickup), a break and a cancellation.

    Stallholders and stall pickup are set when a market is created; the break and the cancellation
    move ahead once past, like the shops' closures.
    """
    today = timezone.localdate()
    shops = Partner.objects.in_bulk(
        {code for data in MARKETS for code in data.stallholders}, field_name="code"
    )
    markets = {}
    for data in MARKETS:
        market, created = Market.objects.get_or_create(
            name=data.name,
            defaults={
                "place": data.place,
                "weekday": data.weekday,
                "opens": parse_time(data.opens),
                "closes": parse_time(data.closes),
            },
        )
        if created:
            market.stallholders.set([shops[code] for code in data.stallholders if code in shops])
            stall_pickup = Partner.objects.filter(code__in=MARKET_PICKUP_SHOPS, markets=market)
            stall_pickup.update(offers_market_pickup=True)
        markets[data.name] = market

    name, reason = MARKET_BREAK
    start, end = today + dt.timedelta(days=8), today + dt.timedelta(days=14)
    seasonal = markets[name].breaks.filter(reason=reason).first()
    if seasonal is None:
        MarketBreak.objects.create(market=markets[name], start_date=start, end_date=end, reason=reason)
    elif seasonal.end_date < today:
        MarketBreak.objects.filter(pk=seasonal.pk).update(start_date=start, end_date=end)

    name, reason = MARKET_CANCELLATION
    market = markets[name]
    second_session = today + dt.timedelta(days=(market.weekday - today.weekday()) % 7 + 7)
    called_off = market.cancellations.filter(reason=reason).first()
    date_free = not market.cancellations.filter(date=second_session).exists()
    if called_off is None and date_free:
        MarketCancellation.objects.create(market=market, date=second_session, reason=reason)
    elif called_off is not None and called_off.date < today and date_free:
        MarketCancellation.objects.filter(pk=called_off.pk).update(date=second_session)


PICKUP_POINT_NAME = "Halle du marché"
PICKUP_POINT_STAFF_EMAIL = "halle@example.com"
# Shops that drop their orders at the hall, opted in when the hall is created.
PICKUP_POINT_SHOPS = ("au-pain-de-viroflay", "la-cave-a-fromages", "les-jardins-de-viroflay")
# The hall's desk: Tuesday to Saturday 9:00–12:30 and 16:00–19:00, Sunday morning.
PICKUP_POINT_HOURS = {
    **{day: [(dt.time(9), dt.time(12, 30)), (dt.time(16), dt.time(19))] for day in range(1, 6)},
    6: [(dt.time(9), dt.time(13))],
}


def pickup_point_ensure(*, password_hash: str) -> Partner:
    """The covered market hall as the town's pickup point, its staff account, and the shops dropping there."""
    point, created = Partner.objects.get_or_create(
        code=slugify(PICKUP_POINT_NAME),
        defaults={
            "name": PICKUP_POINT_NAME,
            "is_pickup_point": True,
            "approval": Partner.Approval.APPROVED,
            "offers_click_collect": False,
            "street": "Place du Marché",
            "postcode": "78220",
            "city": "Viroflay",
            "preparation_minutes": 120,  # time for every shop to drop its order off
            "slot_minutes": 30,
            "slot_capacity": 6,
        },
    )
    if created:
        OpeningHours.objects.bulk_create(
            OpeningHours(shop=point, weekday=weekday, opens=opens, closes=closes)
            for weekday, ranges in PICKUP_POINT_HOURS.items()
            for opens, closes in ranges
        )
        Partner.objects.filter(code__in=PICKUP_POINT_SHOPS).update(drops_at_pickup_points=True)
    staff = user_ensure(
        email=PICKUP_POINT_STAFF_EMAIL, first_name="Karim", last_name="Benali", password_hash=password_hash
    )
    point_staff_add(point=point, users=[staff])
    return point


# Django creates the Site as example.com: left so, every link in an email (a merchant's invitation,
# a resident's tracking page) would lead there instead of to the server the visitor runs. A local
# server's address, set by an earlier `make run` on another port, is replaced too.
PLACEHOLDER_DOMAIN = "example.com"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def site_ensure(*, domain: str) -> None:
    """Point email links at `domain` (host:port), unless the Site already has a real domain."""
    site = Site.objects.filter(pk=settings.SITE_ID).first()
    if site is not None and site.domain != domain:
        if site.domain == PLACEHOLDER_DOMAIN or site.domain.partition(":")[0] in LOCAL_HOSTS:
            Site.objects.filter(pk=site.pk).update(domain=domain)
    Site.objects.clear_cache()


def materialised_view_refresh() -> None:
    # Bulk inserts skip Oscar's ProductCategory signal that refreshes this view on PostgreSQL.
    if use_productcategory_materialised_view():
        with connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY catalogue_product_category_hierarchy;")


@cache
def demo_password_hash() -> str:
    # Hashed once for every demo account: hashing per account would take minutes at town scale.
    return make_password(PASSWORD)


def demo_seed(*, shops: int = 0, products: int = 20, progress: Progress | None = None) -> SeedResult:
    """Seed the demo town, plus `shops` generated shops of `products` products; skip what exists."""
    categories = shop_categories_ensure()
    product_class = product_class_for(always_available=False)
    _resident, mairie = accounts_ensure(password_hash=demo_password_hash())
    demo_specs = demo_shop_specs()
    specs = demo_specs + scale_shop_specs(shops, products)
    existing = set(Partner.objects.filter(code__in=[s.code for s in specs]).values_list("code", flat=True))
    missing = [spec for spec in specs if spec.code not in existing]
    pictures_ensure(specs=missing)
    catalogue = catalogue_categories_ensure(specs=missing)

    result = SeedResult(merchant_emails=[spec.email for spec in demo_specs])
    for start in range(0, len(missing), BATCH_SHOPS):
        batch = missing[start : start + BATCH_SHOPS]
        with transaction.atomic():
            result.products_created += shops_build(
                batch,
                categories=categories,
                catalogue=catalogue,
                product_class=product_class,
                town_hall=mairie,
                password_hash=demo_password_hash(),
            )
        result.shops_created += len(batch)
        if progress:
            progress(result.shops_created, len(missing))
    closures_refresh(specs=demo_specs)
    delivery_zones_refresh(specs=demo_specs)
    announcements_ensure(author=mairie)
    posts_ensure()
    markets_ensure()
    pickup_point_ensure(password_hash=demo_password_hash())
    if result.products_created:
        materialised_view_refresh()
    return result
