"""The four legal pages, in French, as flat pages of the site: the town hall completes and edits them."""

from django.conf import settings
from django.db import migrations

TOWN = getattr(settings, "TOWN_NAME", "la commune")
CONTACT = getattr(settings, "TOWN_CONTACT_EMAIL", "")

PAGES = {
    "/mentions-legales/": (
        "Mentions légales",
        f"""<h2>Éditeur</h2>
<p>Ce site est édité par la mairie de {TOWN}, service du commerce local. Directeur de la publication : le maire
de {TOWN}. Contact : {CONTACT}.</p>
<h2>Hébergement</h2>
<p>[À compléter par la mairie : nom, adresse et téléphone de l’hébergeur.]</p>
<h2>Commerçants</h2>
<p>Chaque commerce vend en son nom propre. Sa raison sociale, son adresse et son numéro SIRET figurent sur sa
page. La mairie met la place de marché à disposition des commerces et ne vend rien elle-même.</p>
<h2>Propriété intellectuelle</h2>
<p>Les textes et photos des commerces leur appartiennent ; ils ne peuvent être réutilisés sans leur accord.</p>
""",
    ),
    "/confidentialite/": (
        "Politique de confidentialité",
        f"""<h2>Qui traite vos données</h2>
<p>La mairie de {TOWN} est responsable du traitement ; chaque commerce reçoit les données de ses propres
commandes pour les préparer. Contact : {CONTACT}.</p>
<h2>Quelles données et pourquoi</h2>
<ul>
<li>Vos nom, email et téléphone, et l’adresse de livraison le cas échéant : pour préparer, remettre ou livrer
vos commandes et vous prévenir de leur avancement (exécution du contrat).</li>
<li>Le contenu et le montant de vos commandes : pour la comptabilité des commerces (obligation légale).</li>
<li>Le paiement par carte est traité par Stripe ; nous ne voyons jamais votre numéro de carte.</li>
</ul>
<h2>Combien de temps</h2>
<p>Votre compte est conservé tant que vous le gardez. Les commandes passées sans compte sont anonymisées trois
ans après votre dernière commande. Les commandes elles-mêmes restent dans la comptabilité des commerces,
sans votre nom.</p>
<h2>Vos droits</h2>
<p>Depuis votre compte, vous pouvez télécharger vos données et supprimer votre compte. Pour tout autre droit
(rectification, opposition, limitation), écrivez à {CONTACT}. Vous pouvez aussi saisir la CNIL
(www.cnil.fr).</p>
<h2>Cookies</h2>
<p>Le site n’utilise que des cookies nécessaires à son fonctionnement : la session (panier, connexion), la
protection des formulaires et, si vous la changez, la langue. Aucun cookie de mesure d’audience ni de
publicité : aucun consentement n’est donc demandé.</p>
""",
    ),
    "/conditions-generales-de-vente/": (
        "Conditions générales de vente",
        """<h2>Vendeur</h2>
<p>Chaque commande est conclue avec le commerce qui vend l’article, aux prix affichés, toutes taxes
comprises. Un panier de plusieurs commerces donne une commande par commerce.</p>
<h2>Commande et paiement</h2>
<p>La commande est ferme une fois passée ; elle se paie en ligne par carte ou au retrait, selon ce que le
commerce accepte. Les produits vendus au poids sont facturés au poids réel, dans la tolérance indiquée.</p>
<h2>Retrait et livraison</h2>
<p>Vous retirez votre commande au créneau choisi avec votre code de retrait, ou vous la recevez à l’adresse
indiquée. Une commande non retirée dans le délai fixé par le commerce est annulée et remboursée.</p>
<h2>Annulation et rétractation</h2>
<p>Vous pouvez annuler une commande tant que le commerce ne l’a pas préparée. Les denrées périssables sont
exclues du droit de rétractation (article L221-28 du Code de la consommation). Un paiement par carte annulé
est remboursé sur la carte.</p>
<h2>Réclamations</h2>
<p>Adressez-vous d’abord au commerce, puis à la mairie. Vous pouvez recourir gratuitement à un médiateur de
la consommation.</p>
""",
    ),
    "/accessibilite/": (
        "Déclaration d’accessibilité",
        f"""<p>La mairie de {TOWN} s’engage à rendre ce site accessible conformément à l’article 47 de la loi
n° 2005-102 du 11 février 2005.</p>
<h2>État de conformité</h2>
<p>Ce site est partiellement conforme au référentiel général d’amélioration de l’accessibilité (RGAA 4.1) :
il n’a pas encore fait l’objet d’un audit complet.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous ne pouvez pas accéder à un contenu ou à un service, écrivez à {CONTACT} : nous vous
répondrons et vous proposerons une autre façon d’y accéder.</p>
<h2>Voies de recours</h2>
<p>Si votre demande reste sans réponse satisfaisante, vous pouvez écrire au Défenseur des droits
(www.defenseurdesdroits.fr).</p>
""",
    ),
}


def create_pages(apps, schema_editor) -> None:
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    site = Site.objects.filter(pk=getattr(settings, "SITE_ID", 1)).first() or Site.objects.create(
        pk=getattr(settings, "SITE_ID", 1), domain="example.com", name="example.com"
    )
    for url, (title, content) in PAGES.items():
        page, _created = FlatPage.objects.get_or_create(url=url, defaults={"title": title, "content": content})
        page.sites.add(site)


def delete_pages(apps, schema_editor) -> None:
    apps.get_model("flatpages", "FlatPage").objects.filter(url__in=PAGES).delete()


class Migration(migrations.Migration):
    dependencies = [("flatpages", "0001_initial"), ("sites", "0002_alter_domain_unique")]
    operations = [migrations.RunPython(create_pages, delete_pages)]
