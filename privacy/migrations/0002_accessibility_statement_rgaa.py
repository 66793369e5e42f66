"""The accessibility statement in the RGAA 4.1 model's sections: scope, conformity state and test
results, content not accessible (non-conformities, derogations, content outside the obligation), how it
was established, contact, and the three ways to reach the Défenseur des droits.

Only a statement still as 0001 wrote it is replaced: one the town hall already edited is left alone.
"""

import importlib

from django.conf import settings
from django.db import migrations

TOWN = getattr(settings, "TOWN_NAME", "la commune")
CONTACT = getattr(settings, "TOWN_CONTACT_EMAIL", "")
URL = "/accessibilite/"

STATEMENT = f"""<p>La mairie de {TOWN} s’engage à rendre son service en ligne accessible conformément à
l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<p>Cette déclaration d’accessibilité s’applique à la place de marché des commerces de {TOWN} : la
boutique en ligne des résidents, le tableau de bord des commerçants et celui de la mairie.</p>
<h2>État de conformité</h2>
<p>La place de marché de {TOWN} est <strong>partiellement conforme</strong> avec le référentiel général
d’amélioration de l’accessibilité (RGAA), version 4.1, en raison des non-conformités et des dérogations
énumérées ci-dessous.</p>
<h2>Résultats des tests</h2>
<p>Aucun audit de conformité complet n’a encore été réalisé par un organisme externe ; le taux de
conformité aux critères du RGAA n’est donc pas encore publié. À chaque modification du site, des tests
automatiques vérifient chaque page des parcours principaux (commande d’un résident, tableau de bord d’un
commerçant, tableau de bord de la mairie, marchés) :</p>
<ul>
<li>aucune erreur grave ou critique des règles WCAG 2.1 niveaux A et AA détectée par axe-core, sur un
téléphone de 360 pixels de large et sur un écran d’ordinateur ;</li>
<li>une commande complète, de la page d’accueil à la confirmation, passée au seul clavier, avec un focus
toujours visible ;</li>
<li>un texte agrandi à 200 % sur un téléphone de 360 pixels sans défilement horizontal ni contenu
tronqué ;</li>
<li>chaque champ de formulaire a une étiquette.</li>
</ul>
<h2>Contenus non accessibles</h2>
<h3>Non-conformités</h3>
<ul>
<li>Les photos des produits sont décrites par le nom du produit, qui n’en décrit pas toujours le
contenu.</li>
<li>Les descriptions des produits et des commerces sont rédigées par les commerçants : leurs titres et
leurs liens peuvent ne pas respecter toutes les règles.</li>
<li>Certaines pages avancées du tableau de bord (rapports, paramètres de la boutique en ligne) n’ont pas
encore été vérifiées.</li>
</ul>
<h3>Dérogations pour charge disproportionnée</h3>
<p>Aucune.</p>
<h3>Contenus non soumis à l’obligation d’accessibilité</h3>
<ul>
<li>Le formulaire de paiement par carte, fourni par le prestataire de paiement (Stripe) et affiché dans
un cadre : il n’est ni développé ni contrôlé par la mairie. Le paiement au retrait reste toujours
possible chez les commerces qui l’acceptent.</li>
<li>Les documents fournis par les commerçants (photos, fichiers d’import de catalogue).</li>
</ul>
<h2>Établissement de cette déclaration d’accessibilité</h2>
<p>Cette déclaration a été établie le 7 décembre 2026.</p>
<h3>Technologies utilisées pour la réalisation du site</h3>
<ul><li>HTML5</li><li>CSS</li><li>JavaScript (le site reste utilisable sans JavaScript)</li></ul>
<h3>Environnement de test</h3>
<p>Navigateur Chromium, sur des écrans de 360 × 740 et 1280 × 800 pixels ; navigation au seul
clavier ; texte agrandi à 200 %.</p>
<h3>Outils pour évaluer l’accessibilité</h3>
<ul><li>axe-core (règles WCAG 2.1 A et AA)</li><li>Tests de navigation au clavier automatisés</li></ul>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter la mairie pour être
orienté vers une alternative accessible ou obtenir le contenu sous une autre forme : écrivez à
<a href="mailto:{CONTACT}">{CONTACT}</a>, ou venez en mairie aux heures d’ouverture. Votre commerçant
peut aussi prendre votre commande par téléphone.</p>
<h2>Voies de recours</h2>
<p>Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du site un
défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un des services et vous n’avez pas
obtenu de réponse satisfaisante.</p>
<ul>
<li>Écrire un message au Défenseur des droits :
<a href="https://formulaire.defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr</a></li>
<li>Contacter le délégué du Défenseur des droits dans votre région :
<a href="https://www.defenseurdesdroits.fr/saisir/delegues">defenseurdesdroits.fr/saisir/delegues</a></li>
<li>Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :
Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07</li>
</ul>
"""


def _first_statement() -> str:
    return importlib.import_module("privacy.migrations.0001_legal_pages").PAGES[URL][1]


def statement_complete(apps, schema_editor) -> None:
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPage.objects.filter(url=URL, content=_first_statement()).update(content=STATEMENT)


def statement_back(apps, schema_editor) -> None:
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPage.objects.filter(url=URL, content=STATEMENT).update(content=_first_statement())


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_legal_pages"), ("flatpages", "0001_initial")]
    operations = [migrations.RunPython(statement_complete, statement_back)]
