"""Issue 11: actors decide. Minimal pairs per look-alike family and per miss family, actor
typing, and partner countries by salience (demonyms, towns, offices; merely mentioned excluded).

Every text here was written for these tests; each pair tells the same story twice, once with a
French local authority acting and once with the look-alike acting instead.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from nlp.actors import find_actors

PAIRS = {
    "state": (
        "Coopération. La Région Occitanie signe à Rabat un accord avec la région de Souss-Massa",
        "La présidente de la Région Occitanie a signé jeudi à Rabat une convention de coopération "
        "avec le conseil régional de Souss-Massa : formation agricole, gestion de l'eau et "
        "échanges d'étudiants pour les trois prochaines années.",
        "Diplomatie. Paris et Rabat signent vingt-deux accords",
        "Le président de la République a signé jeudi à Rabat vingt-deux accords avec le roi du "
        "Maroc : énergie, formation agricole, gestion de l'eau. Le ministre de l'Europe et des "
        "Affaires étrangères salue « une coopération renouvelée » entre les deux États.",
    ),
    "foreign_local_authority": (
        "Le Département du Nord finance la rénovation d'une école à Tournai",
        "Dans le cadre de sa coopération transfrontalière, le Département du Nord a voté une "
        "subvention de 40 000 euros pour la rénovation d'une école de Tournai, en Belgique, "
        "fréquentée par des enfants des deux côtés de la frontière.",
        "Tournai rénove une école grâce à un programme wallon",
        "La ville de Tournai, en Belgique, a obtenu 40 000 euros de la Wallonie pour rénover une "
        "école du centre. Le bourgmestre de Tournai se félicite d'un chantier qui démarrera en "
        "juillet.",
    ),
    "ngo": (
        "Quimper : la Ville envoie 5 000 euros aux sinistrés du séisme en Afghanistan",
        "Le conseil municipal de Quimper a voté lundi une aide d'urgence de 5 000 euros pour les "
        "victimes du tremblement de terre qui a frappé l'ouest de l'Afghanistan. La somme sera "
        "versée au Fonds d'action extérieure des collectivités territoriales.",
        "Quimper : le Secours populaire collecte pour les sinistrés du séisme en Afghanistan",
        "Le comité quimpérois du Secours populaire organise samedi une collecte de dons pour les "
        "victimes du tremblement de terre qui a frappé l'ouest de l'Afghanistan. L'association "
        "enverra les fonds à ses partenaires sur place.",
    ),
    "religious": (
        "Saint-Lô fête les trente ans de son jumelage avec Christchurch",
        "La Ville de Saint-Lô a reçu ce week-end une délégation de Christchurch, en Nouvelle-"
        "Zélande, pour les trente ans du jumelage : réception à l'hôtel de ville, plantation "
        "d'un arbre et concert commun des deux harmonies municipales.",
        "La paroisse Saint-Lô fête les trente ans de son jumelage avec une paroisse de Christchurch",
        "La paroisse Notre-Dame de Saint-Lô a reçu ce week-end des fidèles d'une église anglicane "
        "de Christchurch, en Nouvelle-Zélande, pour les trente ans de leur « jumelage » : messe "
        "commune, repas partagé et visite de la cathédrale avec l'évêque.",
    ),
    "health_or_university": (
        "Angers Loire Métropole soutient un projet de santé au Burkina Faso",
        "Angers Loire Métropole a voté une subvention de 25 000 euros pour équiper la maternité "
        "de Bobo-Dioulasso, au Burkina Faso, dans le cadre de la coopération décentralisée que "
        "l'agglomération mène depuis dix ans avec la ville burkinabè.",
        "Le CHU d'Angers forme des sages-femmes au Burkina Faso",
        "Le CHU d'Angers a signé une convention avec la maternité de Bobo-Dioulasso, au Burkina "
        "Faso : l'hôpital y enverra chaque année des sages-femmes formatrices et du matériel "
        "d'échographie, financés par une fondation.",
    ),
    "consular_chamber": (
        "La Région Bretagne emmène vingt entreprises au salon de Singapour",
        "La Région Bretagne conduit une mission économique à Singapour : vingt entreprises "
        "bretonnes de l'agroalimentaire exposeront sur le pavillon régional du salon Food Asia, "
        "avec l'appui du bureau de la Région à l'étranger.",
        "La CCI de Bretagne emmène vingt entreprises au salon de Singapour",
        "La chambre de commerce et d'industrie de Bretagne conduit une mission économique à "
        "Singapour : vingt entreprises bretonnes de l'agroalimentaire exposeront sur le stand de "
        "la CCI au salon Food Asia.",
    ),
    "overseas_domestic": (
        "Le Département de la Gironde envoie 50 000 euros au Maroc après le séisme",
        "Le conseil départemental de la Gironde a voté une aide d'urgence de 50 000 euros pour "
        "les victimes du séisme qui a frappé la région de Marrakech, au Maroc. Les fonds "
        "transiteront par le centre de crise.",
        "Le Département de la Gironde envoie 50 000 euros à Mayotte après le cyclone",
        "Le conseil départemental de la Gironde a voté une aide d'urgence de 50 000 euros pour "
        "les sinistrés du cyclone qui a dévasté Mayotte. Les fonds seront versés aux communes "
        "mahoraises les plus touchées.",
    ),
    # The State hosts a foreign government in a French town named only as the place.
    "state_hosted": (
        "Colmar : une délégation de Lucca reçue par le maire pour parler coopération",
        "Une délégation de la ville italienne de Lucca, conduite par son maire, a été reçue "
        "mardi à l'hôtel de ville de Colmar, à l'invitation du maire, pour une journée "
        "consacrée à la coopération entre les deux villes. Les deux élus ont signé une "
        "convention sur la formation professionnelle des jeunes, avant un déjeuner de travail "
        "avec des chefs d'entreprise des deux pays.",
        "Colmar : une délégation lombarde reçue par le préfet pour parler coopération",
        "Une délégation du gouvernement italien conduite par le vice-ministre des Affaires "
        "étrangères a été reçue mardi à Colmar, à l'invitation du préfet du Haut-Rhin, pour une "
        "journée consacrée à la coopération transfrontalière et économique entre la France et "
        "l'Italie. Accueillis par le sous-préfet, les visiteurs ont signé avec la ministre "
        "déléguée à l'Europe une déclaration d'intention sur la formation professionnelle, avant "
        "un déjeuner de travail à la préfecture avec des chefs d'entreprise des deux pays.",
    ),
    # A town before a title's colon is the place when someone else is named right after it.
    "title_place": (
        "Hendaye : 10 000 euros pour les sinistrés de Valence",
        "Réuni jeudi, le conseil municipal a voté à l'unanimité une aide d'urgence de 10 000 "
        "euros pour les communes de la région de Valence, en Espagne, dévastées par les crues. "
        "La somme sera versée à la mairie de Paiporta.",
        "Cognac : la ville de Dubrovnik cherche des partenaires pour son festival",
        "Le maire adjoint de Dubrovnik, venu en Charente avec une délégation croate, a présenté "
        "mercredi le festival d'été de la ville et cherche des producteurs de cognac pour en "
        "être partenaires. La ville croate accueille chaque été plus de cent mille visiteurs.",
    ),
    # Refugees housed by the commune vs by an association in the same town.
    "refugees_housed": (
        "Tence héberge deux familles ukrainiennes",
        "Depuis lundi, la commune loge deux familles ukrainiennes de Zaporijia dans "
        "l'ancienne gendarmerie, meublée grâce aux dons des habitants. Le conseil municipal a "
        "voté la gratuité du loyer jusqu'à l'été.",
        "Tence : le Secours catholique héberge deux familles ukrainiennes",
        "Depuis lundi, l'équipe locale du Secours catholique loge deux familles ukrainiennes "
        "de Zaporijia dans une maison prêtée par un paroissien, meublée grâce aux dons des "
        "habitants. Les bénévoles se relaient pour les cours de français.",
    ),
    # A twinning with nothing foreign in the text: two French towns' friendship.
    "twinning_at_home": (
        "Pontarlier et Schwarzenbek fêtent quarante ans de jumelage",
        "Une délégation de Schwarzenbek, en Allemagne, conduite par son maire, a été reçue "
        "samedi à l'hôtel de ville de Pontarlier pour les quarante ans du jumelage : signature "
        "d'une charte renouvelée et concert des deux harmonies.",
        "Pontarlier et Lodève fêtent quarante ans de jumelage",
        "Une délégation de Lodève, dans l'Hérault, conduite par son maire, a été reçue samedi à "
        "l'hôtel de ville de Pontarlier pour les quarante ans du jumelage entre les deux "
        "communes : signature d'une charte renouvelée et concert des deux harmonies.",
    ),
    # A twin town the world gazetteer does not know is still abroad when it is no French
    # commune; a French one keeps the twinning at home.
    "twin_unknown_abroad": (
        "Bergerac : ce qu'il faut retenir du conseil municipal",
        "Voirie : les travaux de la rue Neuve débuteront en mars.\n\nJumelage : après les "
        "crues, le conseil accorde 6 000 euros à Massanassa, ville jumelle de Bergerac depuis "
        "1987, pour remettre en état son école.",
        "Bergerac : ce qu'il faut retenir du conseil municipal",
        "Voirie : les travaux de la rue Neuve débuteront en mars.\n\nJumelage : après les "
        "crues, le conseil accorde 6 000 euros à Lodève, ville jumelle de Bergerac depuis 1987, "
        "pour remettre en état son école.",
    ),
    # European money for a council's works at home, with nothing foreign: no European
    # cooperation; the same money for works with a Belgian partner is.
    "eu_money_at_home": (
        "Route de la frontière : l'Europe cofinance les travaux d'Halluin et de Menin",
        "Le conseil départemental du Nord et la ville belge de Menin ont obtenu 1,2 million "
        "d'euros du programme Interreg pour réaménager ensemble la route qui relie les deux "
        "communes de part et d'autre de la frontière.",
        "Route de la falaise : l'Europe cofinance le recul de la départementale",
        "Le conseil départemental de la Seine-Maritime a obtenu 1,2 million d'euros de fonds "
        "européens pour déplacer vers l'intérieur des terres la route menacée par le recul de "
        "la falaise, entre Criel-sur-Mer et Mesnil-Val.",
    ),
}


@pytest.mark.parametrize("family", sorted(PAIRS))
def test_minimal_pair(tag_actors, family: str) -> None:  # type: ignore[no-untyped-def]
    title_yes, text_yes, title_no, text_no = PAIRS[family]
    assert tag_actors(text_yes, title_yes)["is_aict"], f"{family}: the council version is AICT"
    assert not tag_actors(text_no, title_no)["is_aict"], f"{family}: the look-alike is not AICT"


HOSTED = [
    # Two actors of one look-alike kind act, the only French "actor" is the town they are in.
    (
        "Tours. L'université part recruter des étudiants au Vietnam",
        "Attirer davantage d'étudiants et de doctorants étrangers sur ses campus : c'est "
        "l'objectif du plan « Study in Tours » adopté lundi par le conseil d'administration de "
        "l'université de Tours. Première étape, une mission au Vietnam du 12 au 18 mars : le "
        "vice-président chargé des relations internationales conduira une délégation à Hanoï "
        "et à Hué, avec un stand sur le salon étudiant de Hanoï et la signature d'un accord "
        "d'échange avec une école d'ingénieurs de Hué.",
        True,
    ),
    (PAIRS["state_hosted"][2], PAIRS["state_hosted"][3], True),
    # Councils in the plural beside the State are nobody in particular.
    (
        "Verdun : l'ambassadeur du Chili sur les champs de bataille",
        "L'ambassadeur du Chili en France a passé la journée de jeudi à Verdun, à l'invitation "
        "de l'Office national des combattants. Accueilli par le sous-préfet, il a déposé une "
        "gerbe à l'ossuaire de Douaumont, où l'État et les collectivités entretiennent les "
        "nécropoles, puis a visité le Mémorial avec la ministre déléguée aux Anciens combattants.",
        True,
    ),
    # The council is named as such: it acts, whoever else does.
    (PAIRS["state_hosted"][0], PAIRS["state_hosted"][1], False),
    (
        "Tours. La Ville part recruter des étudiants au Vietnam",
        "Le conseil municipal de Tours a adopté lundi un plan pour attirer des étudiants "
        "étrangers. Première étape, une mission au Vietnam en mars : l'adjointe au maire chargée "
        "des relations internationales conduira une délégation municipale à Hanoï et signera un "
        "accord d'échange avec l'université et l'école d'ingénieurs de Hué, ville jumelle.",
        False,
    ),
    # One State fund beside a council is not the State acting.
    (
        "Quimperlé : 4 000 euros pour les victimes des inondations au Pakistan",
        "Quimperlé a voté lundi une aide de 4 000 euros pour les sinistrés des inondations au "
        "Pakistan, versée au FACECO, le fonds du ministère des Affaires étrangères.",
        False,
    ),
]


@pytest.mark.parametrize(("title", "text", "hosted"), HOSTED)
def test_a_lookalike_hosted_in_a_town_does_not_open_the_gate(
    title: str, text: str, hosted: bool
) -> None:
    from nlp.decision import _lookalike_hosted, analyse, features, gate_open
    from nlp.syntax import parser

    analysis = analyse(title, text, parser())
    if hosted:
        # Closed by this rule, or earlier when the town is only the title's place ("Verdun :
        # l'ambassadeur…", nlp.actors._title_place).
        assert not gate_open(features(analysis, 0.5), analysis)
    else:
        assert not _lookalike_hosted(analysis)


ELSEWHERE = [
    # A foreign region's council and its governor act; the French town is the venue and its
    # only council word is described.
    (
        "À Nantes, la région de Tanger-Tétouan cherche des investisseurs",
        "Le conseil régional de Tanger-Tétouan-Al Hoceïma et le gouverneur de la région ont "
        "présenté mardi à Nantes leurs zones industrielles à une centaine de chefs d'entreprise. "
        "La ville concentre une partie de la filière navale française.",
        True,
    ),
    # The same at the invitation of the Région Pays de la Loire, which organised it: the French
    # side acts.
    (
        "À Nantes, la région de Tanger-Tétouan cherche des investisseurs",
        "Le conseil régional de Tanger-Tétouan-Al Hoceïma et le gouverneur de la région ont "
        "présenté mardi à Nantes leurs zones industrielles à une centaine de chefs d'entreprise, "
        "à l'invitation de la Région Pays de la Loire, qui a organisé la rencontre.",
        False,
    ),
]


@pytest.mark.parametrize(("title", "text", "elsewhere"), ELSEWHERE)
def test_an_act_where_no_french_council_acts_is_someone_elses(
    title: str, text: str, elsewhere: bool
) -> None:
    from nlp.decision import _someone_else_acts, analyse
    from nlp.syntax import parser

    assert _someone_else_acts(analyse(title, text, parser())) is elsewhere


def test_an_unnamed_community_of_communes_is_a_council_in_particular() -> None:
    """ "La communauté de communes" is one council, not councils in the plural ("les
    communes"): acting in a key sentence, it opens the gate."""
    from nlp.decision import analyse, features, gate_open
    from nlp.syntax import parser

    analysis = analyse(
        "Covoiturage frontalier : un projet Interreg avec la Suisse",
        "Le projet Interreg France-Suisse créera quatre aires de covoiturage. La communauté de "
        "communes apporte 300 000 euros, la commune suisse de Val-de-Travers autant.",
        parser(),
    )
    assert gate_open(features(analysis, 0.5), analysis)


MISSES = {
    "blast": (
        "Villers-Cotterêts : 3 000 euros pour Beyrouth",
        "Réunis jeudi soir, les conseillers municipaux de Villers-Cotterêts ont adopté à "
        "l'unanimité une aide exceptionnelle de 3 000 euros pour la population de Beyrouth, "
        "après l'explosion du port. Le maire a rappelé les liens de la commune avec le Liban.",
    ),
    "refugees": (
        "Plouha accueille deux familles ukrainiennes",
        "La commune de Plouha loge depuis lundi deux familles venues de Kharkiv dans un "
        "logement communal rénové par les services techniques. Le CCAS prend en charge les "
        "premiers frais et la mairie a lancé un appel aux dons de vêtements.",
    ),
    "collection": (
        "La communauté de communes centralise les dons pour l'Ukraine",
        "La communauté de communes du Pays de Landerneau-Daoulas centralise jusqu'à vendredi les "
        "dons destinés à l'Ukraine : produits d'hygiène, couvertures et médicaments déposés "
        "dans les mairies seront acheminés vers la frontière polonaise par un convoi.",
    ),
    "anniversary": (
        "Cinquante ans d'amitié entre Bergerac et Faenza",
        "Le maire de Faenza conduisait la délégation italienne de quarante personnes accueillie "
        "samedi à Bergerac pour le cinquantenaire du jumelage. Discours, échange de cadeaux et "
        "dîner à la salle des fêtes ont réuni les deux comités.",
    ),
    "refugees_housed": (
        "Saint-Pal-de-Mons accueille une famille soudanaise",
        "Arrivés jeudi, un couple et ses trois enfants ont posé leurs sacs dans le logement "
        "communal de la place de l'église, repeint par les employés municipaux. « On ne "
        "pouvait pas rester les bras croisés », dit le maire, qui a fait voter la mise à "
        "disposition gratuite pour un an.",
    ),
    # A portrait: the flight told in one paragraph, the mairie's part in another that says
    # nothing of war or exile.
    "refugee_portrait": (
        "Un an après, Iryna et ses filles ont trouvé leur place à Quimperlé",
        "Iryna avait quitté Zaporijjia en avril, avec ses deux filles et une valise chacune. "
        "Trois jours de bus, une nuit à la frontière, puis Paris et enfin la Bretagne, où des "
        "familles ukrainiennes étaient déjà arrivées.\n\n"
        "Dès leur arrivée, la Ville de Quimperlé avait mis à leur disposition un appartement "
        "communal de la rue Savary, meublé grâce aux dons des habitants. Les filles sont "
        "scolarisées au collège et Iryna suit des cours de français trois matins par semaine.",
    ),
    "office_abroad": (
        "La maison de la Région à Shanghai accompagne les exportateurs",
        "Ouverte l'an dernier, la maison de la Nouvelle-Aquitaine à Shanghai a déjà accompagné "
        "trente-cinq entreprises régionales dans leur prospection du marché chinois, selon le "
        "bilan présenté en séance plénière du conseil régional.",
    ),
}


#: Miss families the actor-aware model still misses, listed so that a fix shows (strict
#: xfail). "collection" (an intercommunalité centralising donations) sits at the stacker's
#: threshold: found by one retraining of 2026-12-05, missed by the next, found again by the
#: retraining after the actor names' line-break fix (same day, evening).
STILL_MISSED: set[str] = set()


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="known miss (issue 11)"))
        if c in STILL_MISSED
        else c
        for c in sorted(MISSES)
    ],
)
def test_miss_families_are_found(tag_actors, case: str) -> None:  # type: ignore[no-untyped-def]
    title, text = MISSES[case]
    assert tag_actors(text, title)["is_aict"], case


COUNTRY_TABLE = [
    # (text, expected partner countries)
    (
        "Le comité de jumelage de Wissembourg a reçu une délégation allemande conduite par le "
        "Bürgermeister de Bad Bergzabern pour préparer la fête de l'amitié franco-allemande.",
        {"DE"},
    ),
    (
        "La Ville de Chambéry a renouvelé sa convention de coopération avec Ouahigouya : la "
        "commune finance un forage et la formation des agents municipaux.",
        {"BF"},
    ),
    (
        "La Ville de Romans-sur-Isère a signé une charte d'amitié avec le bourgmestre de "
        "Malmedy, en présence des deux conseils municipaux.",
        {"BE"},
    ),
    (
        "Le conseil municipal de Brive a voté 10 000 euros d'aide d'urgence pour l'Ukraine, "
        "frappée depuis trois ans par l'invasion russe.",
        {"UA"},
    ),
    (
        "La Métropole de Lyon finance l'adduction d'eau de deux villages de la région de "
        "Kayes, au Mali, dans le cadre du 1 % eau.",
        {"ML"},
    ),
    # The belligerent's army is named, the aid goes to the victims.
    (
        "Le conseil municipal de Montreuil a voté une aide pour les civils du Liban, où les "
        "frappes de l'armée israélienne ont fait des milliers de déplacés : la Ville versera "
        "15 000 euros à la Croix-Rouge libanaise.",
        {"LB"},
    ),
    # The road the refugees took is no partner.
    (
        "Le conseil municipal de Crest a voté lundi une aide de 5 000 euros pour les deux "
        "familles ukrainiennes hébergées par la commune, arrivées de Kharkiv après trois jours "
        "de route via la Pologne.",
        {"UA"},
    ),
    # The seat of a network the council joins is no partner; a twin town abroad still is.
    (
        "Le conseil municipal de Saint-Brieuc a voté l'adhésion de la Ville au réseau des Maires "
        "pour la paix, présidé par le maire d'Hiroshima, et s'engage pour le désarmement.",
        set(),
    ),
    (
        "Le conseil municipal de Saint-Brieuc a voté un jumelage avec Hiroshima : la Ville "
        "accueillera en mai une délégation de la ville japonaise.",
        {"JP"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), COUNTRY_TABLE)
def test_partner_countries_by_salience(tag_actors, text: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    record = tag_actors(text)
    assert record["is_aict"]
    assert set(record["partner_countries"]) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("l'aide va au Congo-Brazzaville", "CG"),
        ("l'aide va en RDC", "CD"),
        ("un forage en Guinée-Bissau", "GW"),
        ("un forage en Guinée", "GN"),
        ("une mission au Niger", "NE"),
        ("une mission au Nigeria", "NG"),
    ],
)
def test_country_homonyms_kept_apart(text: str, code: str) -> None:
    from nlp.decision import country_mentions

    assert {m.code for m in country_mentions(text)} == {code}


ACTOR_TABLE = [
    # a body of a council named by its kind and a foreign demonym is that foreign council's
    (
        "Promotion Saguenay, l'agence de développement économique de la ville québécoise, "
        "recrute à Maubeuge.",
        "agence de développement économique",
        "foreign_local_authority",
    ),
    ("La Ville de Vitré a voté une aide.", "Vitré", "collectivite"),
    ("Le directeur d'hôpital de Kaboul est venu.", "hôpital de Kaboul", "health_or_university"),
    # overseas France's chief town is a French commune, not a State's capital; a small commune
    # opening a title as its subject is named bare
    ("Mamoudzou adhère au réseau des maires francophones", "Mamoudzou", "collectivite"),
    # French Polynesia's government and president are a collectivité's, not the State's
    ("Le gouvernement polynésien a signé à Suva.", "gouvernement polynésien", "collectivite"),
    (
        "Le président de la Polynésie française conduisait la délégation.",
        "président de la Polynésie française",
        "collectivite",
    ),
    ("Bellême accueille une famille ukrainienne", "Bellême", "collectivite"),
    # an agglomeration by its seat's name and "Agglo"; a body named with its council's name
    ("Les travaux sont cofinancés par Annemasse Agglo.", "Annemasse", "collectivite"),
    # an intercommunality whose name the reference data brackets an acronym after; its cue ends
    # in "communes" but it is no town: an unknown name after it is not abroad
    (
        "La Communauté de communes du Kreiz-Breizh porte un projet LEADER avec le comté de Mayo.",
        "Kreiz-Breizh",
        "collectivite",
    ),
    # the council's own convoy or delegation; a foreign town's delegation by its place
    ("Le convoi municipal pour l'Ukraine a pris la route.", "Le convoi municipal", "collectivite"),
    (
        "Une délégation municipale de Ravenne est arrivée à Chartres.",
        "délégation municipale de Ravenne",
        "foreign_local_authority",
    ),
    # France has no autonomous region, community or province
    (
        "Le budget est assumé par la municipalité de Courmayeur et la Région autonome de la "
        "Vallée d'Aoste.",
        "la Région autonome",
        "foreign_local_authority",
    ),
    # the text's own département met unnamed before a foreign one stays the French one
    (
        "Séance de l'assemblée départementale du 20 mars. Convention de coopération avec le "
        "Conseil départemental de Tambacounda (Sénégal). Le Département y consacre 420 000 €.",
        "Le Département",
        "collectivite",
    ),
    (
        "La mission est organisée avec l'agence d'attractivité du Grand Annecy.",
        "agence d'attractivité du Grand Annecy",
        "steered_body",
    ),
    # an overseas region or département named without its article after a cue
    ("La Région Réunion a débloqué une aide pour Madagascar.", "Réunion", "collectivite"),
    # "l'assemblée" after a council named in the text is that council's
    (
        "La séance du conseil départemental de l'Aisne a duré quatre heures. Puis l'assemblée "
        "a voté une aide.",
        "l'assemblée",
        "collectivite",
    ),
    # and so is "le conseil" in a council-meeting report
    (
        "Conseil municipal de Bergerac : l'essentiel. Jumelage : le conseil accorde 6 000 euros "
        "à la ville sinistrée.",
        "le conseil",
        "collectivite",
    ),
    # a French council's name with a foreign demonym after it: the namesake abroad
    (
        "Le Pays basque espagnol fait sa promotion à Bordeaux.",
        "Pays basque",
        "foreign_local_authority",
    ),
    ("Une mission d'entreprises normandes part au Japon.", "entreprises", "company"),
    ("Le comité de jumelage de Vitré prépare la fête.", "comité de jumelage", "steered_body"),
    (
        "Le bourgmestre de Malmedy était présent.",
        "bourgmestre de Malmedy",
        "foreign_local_authority",
    ),
    ("Le maire de Tiznit a été reçu.", "maire de Tiznit", "foreign_local_authority"),
    ("Le préfet du Finistère a signé l'arrêté.", "préfet", "french_state"),
    # EPCI by the names the press uses: without the bracketed acronym, up to "Métropole".
    ("Le Grand Avignon a voté une aide d'urgence.", "Grand Avignon", "collectivite"),
    ("Tours Métropole ouvre un guichet d'accueil.", "Tours Métropole", "collectivite"),
    # A council's own bodies that vote between sessions.
    ("La commission permanente a voté une aide d'urgence.", "commission", "collectivite"),
    ("Le bureau communautaire a décidé de verser 5 000 euros.", "bureau", "collectivite"),
    # Martinique's executive is the collectivité's, as Corsica's; the government's is the State's.
    (
        "Le président de l'exécutif martiniquais part à Cuba.",
        "l'exécutif martiniquais",
        "collectivite",
    ),
    ("L'exécutif a présenté sa réforme.", "L'exécutif", "french_state"),
    # New Caledonia's provinces and government are collectivités; a foreign province is not.
    ("La province Sud envoie des bâches au Vanuatu.", "La province Sud", "collectivite"),
    (
        "Le gouvernement de la Nouvelle-Calédonie aide Port-Vila.",
        "Le gouvernement de la Nouvelle-Calédonie",
        "collectivite",
    ),
    (
        "Le gouverneur de la province du Sud a parlé.",
        "gouverneur de la province du Sud",
        "foreign_local_authority",
    ),
    ("L'ambassade du Maroc organise une soirée.", "ambassade du Maroc", "foreign_state"),
    ("L'ambassade de France à Dakar a reçu les élus.", "ambassade de France", "french_state"),
    ("La Croix-Rouge collecte des couvertures.", "Croix-Rouge", "ngo"),
    ("Le diocèse de Nantes soutient une paroisse.", "diocèse de Nantes", "religious"),
    ("Le CHU de Rennes forme des infirmiers.", "CHU de Rennes", "health_or_university"),
    ("La CCI de la Drôme mène une mission.", "CCI", "consular_chamber"),
    ("L'entreprise Lactalis ouvre une usine.", "entreprise", "company"),
    # An upper-tier council followed by a known foreign place is that place's council; a
    # hyphenated name counts when a part is foreign and none is French.
    (
        "La Région Casablanca-Settat cherche des investisseurs.",
        "Région Casablanca-Settat",
        "foreign_local_authority",
    ),
    (
        "Le conseil régional de Bretagne vote une aide.",
        "Bretagne",
        "collectivite",
    ),
    ("La Région Sud soutient les exportateurs.", "Azur", "collectivite"),  # its brand name
    # An intercommunal council takes the country of a known foreign place after it, as an
    # upper-tier one does; a French one keeps its code.
    (
        "Le président de la Communauté urbaine de Nouakchott a remis les attestations.",
        "Communauté urbaine de Nouakchott",
        "foreign_local_authority",
    ),
    (
        "La communauté urbaine de Douala a signé la convention.",
        "communauté urbaine de Douala",
        "foreign_local_authority",
    ),
    ("La métropole de Turin accueille le salon.", "métropole de Turin", "foreign_local_authority"),
    (
        "La communauté urbaine de Dunkerque a signé la convention avec Douala.",
        "Dunkerque",
        "collectivite",
    ),
    # A town followed by its country: French by "en France", foreign by another country.
    (
        "Projet de jumelage avec la Ville de Verneuil-sur-Seine en France.",
        "Verneuil-sur-Seine",
        "collectivite",
    ),
    ("La commune de Nyon en Suisse a signé.", "Nyon en Suisse", "foreign_local_authority"),
    ("L'ambassadeur du Japon en France a visité la mairie.", "Japon en France", "foreign_state"),
    # National associations of French local authorities act for their French members; the
    # NGO cue "l'association" must not take them first.
    (
        "L'Assemblée des Départements de France a signé une convention avec ses homologues.",
        "Assemblée des Départements de France",
        "steered_body",
    ),
    (
        "L'Association des maires de France appelle les communes à aider l'Ukraine.",
        "Association des maires de France",
        "steered_body",
    ),
    ("Régions de France signe un accord avec le Maroc.", "Régions de France", "steered_body"),
    ("L'association des parents d'élèves collecte des dons.", "association", "ngo"),
    # The regions merged in 2016, as archives name them, are the regions that took them over;
    # a cue ends at a word's end ("de la" is not the start of "Languedoc").
    ("La région Rhône-Alpes a signé un accord.", "Auvergne-Rhône-Alpes", "collectivite"),
    (
        "Le conseil régional de Languedoc-Roussillon a ouvert une maison à New York.",
        "Occitanie",
        "collectivite",
    ),
    ("Le conseil régional du Limousin a voté.", "Nouvelle-Aquitaine", "collectivite"),
    ("La Région Centre a signé un accord.", "Centre-Val de Loire", "collectivite"),
    # A region's or a département's name written without its hyphens, as the press often does.
    ("La région Nouvelle Aquitaine soutient Itasy.", "Nouvelle-Aquitaine", "collectivite"),
    ("Le département de Seine Saint Denis a voté.", "Seine-Saint-Denis", "collectivite"),
    # Cross-border bodies with French members; French councils named by their kind.
    ("L'Eurométropole lance un appel à microprojets.", "Eurométropole", "steered_body"),
    ("Le GLCT Grand Genève a voté son budget.", "GLCT", "steered_body"),
    # Tourism committees by their abbreviation, and regions' named export agencies.
    ("Le CRT invite cent voyagistes étrangers.", "CRT", "steered_body"),
    ("Bretagne Commerce International emmène vingt PME à Shanghai.", "Bretagne", "steered_body"),
    # The departmental councillors' title until 2015, still in archives and older press.
    (
        "Une délégation de conseillers généraux de Charente Maritime est partie en Chine.",
        "Charente-Maritime",
        "collectivite",
    ),
    # A cathedral is the Church's: its saint is no town ("cathédrale Saint-Étienne").
    ("Le concert aura lieu en la cathédrale Saint-Étienne.", "cathédrale", "religious"),
    ("Deux départements français siègent au comité.", "départements français", "collectivite"),
    # An unknown name right after "le maire" (no "de") is the mayor's own name, not a town.
    (
        "Accueillie par le maire Michel Mariuzzo, la délégation a visité.",
        "le maire",
        "collectivite",
    ),
    ("Le maire de Tharandt a remercié ses hôtes.", "maire de Tharandt", "foreign_local_authority"),
    # A small commune named bare is found when its own département follows in brackets.
    (
        "Le jumelage entre Bridport et Saint-Vaast-la-Hougue (Manche) a 45 ans.",
        "Saint-Vaast-la-Hougue",
        "collectivite",
    ),
    # A cue ending in "de" reaches "la région …": the prefect's title hides the region.
    (
        "Le préfet de la région Hauts-de-France a reçu l'ambassadeur.",
        "préfet de la région",
        "french_state",
    ),
    # "les régions françaises" stay French after foreign regions named before them.
    (
        "Partenaires : les régions italiennes du Piémont et les régions françaises voisines.",
        "régions françaises",
        "collectivite",
    ),
    # A commune's name the text gives a foreign town elsewhere is that namesake abroad.
    (
        "Des infirmières courtisées par Trois-Rivières. La ville de Trois-Rivières, au Québec, "
        "recrute.",
        "Trois-Rivières",
        "foreign_local_authority",
    ),
    # An agency's cue followed by "de l'État" is the State's agency.
    (
        "Sur le pavillon, l'agence de développement touristique de l'État a présenté vingt "
        "destinations.",
        "agence de développement touristique de l'État",
        "french_state",
    ),
    # A council word after a possessive is the last authority named before it.
    (
        "Le chantier a été piloté par la commune de Bakel. Son conseil municipal l'a financé.",
        "conseil municipal",
        "foreign_local_authority",
    ),
    # A town of overseas France outside the communes' data (French Polynesia) is French.
    ("Une aide pour la commune de Uturoa, sinistrée.", "la commune", "collectivite"),
    ("Le maire de Nouméa a reçu la délégation.", "Le maire", "collectivite"),
    # A council word before a demonym, without its article, is a foreign authority.
    (
        "Des municipalités espagnoles signent une charte.",
        "municipalités",
        "foreign_local_authority",
    ),
    # A government or a minister of a foreign place is a foreign State.
    (
        "Le gouvernement du Québec recrute des infirmières.",
        "gouvernement du Québec",
        "foreign_state",
    ),
    ("Le gouvernement a annoncé une aide.", "gouvernement", "french_state"),
    # "dont le maire" after a foreign commune is its mayor.
    (
        "Le maire de Mâcon a signé avec la commune de Ziniaré, dont le maire était absent.",
        "le maire",
        "foreign_local_authority",
    ),
    # A councils' water union (the 1 % water law's other beneficiary) is a French council.
    (
        "Le Syndicat des eaux de la Vienne finance deux puits au Niger.",
        "Syndicat des eaux",
        "collectivite",
    ),
    # A government named after a place that is also a French commune (Aragon, Aude): foreign.
    (
        "La Région et le gouvernement d'Aragon financent les études du tunnel.",
        "gouvernement d'Aragon",
        "foreign_local_authority",
    ),
    # A title opening on a foreign town and a colon: its "la ville" is that town.
    (
        "Tournai : la ville lance une campagne pour attirer les Lillois",
        "la ville",
        "foreign_local_authority",
    ),
    ("Redon : la ville lance une campagne de jumelage", "la ville", "collectivite"),
    ("Maroc : la ville de Dreux vote une aide", "Dreux", "collectivite"),
    # "Union" of l'Union européenne is not the commune of L'Union; a business "séminaire" is
    # not a seminary.
    ("Les fonds de l'Union européenne et la Ville de Lille", "Lille", "collectivite"),
    # Cue words as data (resources/actor_types.yaml), one per type.
    ("Le préfet des Vosges a présidé la cérémonie.", "préfet des Vosges", "french_state"),
    ("Le consul général d'Allemagne était présent.", "consul général d'Allemagne", "foreign_state"),
    ("Le comité populaire de la province a signé.", "comité populaire", "foreign_local_authority"),
    ("Eurocities réunit les maires à Bruxelles.", "Eurocities", "steered_body"),
    ("Le comité des fêtes organise un loto.", "comité des fêtes", "ngo"),
    ("L'éparchie maronite de Saïda remercie les donateurs.", "éparchie", "religious"),
    ("L'école Jean-Moulin accueille des élèves allemands.", "école", "health_or_university"),
    ("La scierie Haxaire exporte au Japon.", "scierie", "company"),
    ("La IHK Region Stuttgart conduit une mission.", "IHK", "consular_chamber"),
    (
        "Les fonds passent par le Fonds d'action extérieure des collectivités territoriales.",
        "Fonds d'action extérieure",
        "french_state",
    ),
    # An upper-tier council named by its common noun: "le Département" (its article is not
    # the territory's lower-case word), "le conseil régional", "le président du Département".
    ("Le Département renouvelle sa coopération.", "Le Département", "collectivite"),
    ("le Département vient en aide à Madagascar.", "Département", "collectivite"),
    ("Le conseil régional a voté une aide au Liban.", "conseil régional", "collectivite"),
    ("Le conseil départemental a voté 20 000 €.", "conseil départemental", "collectivite"),
    ("La présidente de la Région a signé.", "présidente de la Région", "collectivite"),
    # the members and officers of a council; with their département, resolved to its code
    ("Les conseillers départementaux du Loiret ont voté.", "Loiret", "collectivite"),
    ("Les conseillers départementaux ont voté.", "conseillers départementaux", "collectivite"),
    ("La vice-présidente de la Région a signé.", "vice-présidente de la Région", "collectivite"),
    ("Le maire-adjoint aux relations internationales.", "maire-adjoint", "collectivite"),
    # Territorial collectivités with their own names; "du Département" as "le Département".
    ("L'Exécutif de Corse a reçu une délégation toscane.", "Exécutif de Corse", "collectivite"),
    (
        "La Collectivité européenne d'Alsace vote une aide.",
        "Collectivité européenne",
        "collectivite",
    ),
    ("La bourse du Département est ouverte.", "du Département", "collectivite"),
    # Foreign councils under their own names.
    (
        "La Città metropolitana di Torino a présenté son plan.",
        "Città metropolitana",
        "foreign_local_authority",
    ),
    ("La gmina de Kórnik signe avec Saint-Lô.", "gmina de Kórnik", "foreign_local_authority"),
    # A French région inside a hyphenated area name keeps the commune French.
    (
        "Le partenariat entre la commune du Centre-Bretagne et Dédougou a vingt ans.",
        "la commune",
        "collectivite",
    ),
    # A federated state is a foreign local authority; a country's State is a foreign state.
    (
        "Une délégation de l'État de Pennsylvanie a été accueillie.",
        "l'État de Pennsylvanie",
        "foreign_local_authority",
    ),
    ("L'État du Qatar finance le projet.", "Qatar", "foreign_state"),
    # France has no regional or provincial government: another country's region has.
    (
        "Le gouvernement régional du Maule a organisé une dégustation.",
        "Le gouvernement régional",
        "foreign_local_authority",
    ),
    ("Le gouvernement fédéral allemand finance le pont.", "gouvernement fédéral", "foreign_state"),
    # A département's or a région's agency, not the State's regional health agency.
    (
        "L'agence départementale Savoie Mont Blanc Tourisme part en Australie.",
        "agence départementale",
        "steered_body",
    ),
    ("L'agence régionale de santé a prévenu.", "agence régionale de santé", "french_state"),
    # chambers in the plural
    (
        "Les chambres de commerce et d'industrie de Québec et de La Rochelle ont signé.",
        "chambres de commerce",
        "consular_chamber",
    ),
]


@pytest.mark.parametrize(
    "text",
    ["Il habite dans le département.", "La tempête du département voisin", "au département"],
)
def test_the_lower_case_territory_word_is_not_a_council(text: str) -> None:
    assert not [m for m in find_actors(text) if "département" in m.name]


def test_a_passive_agent_hung_on_a_noun_still_acts() -> None:
    """ "reçue à l'hôtel de ville par la maire": the parser attaches "par la maire" to "ville";
    the mayor receives, the ambassador is her partner (a delegation received, not diplomacy)."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    title = "L'ambassadrice du Ghana reçue à l'hôtel de ville de Besançon"
    text = (
        "L'ambassadrice du Ghana en France a été reçue lundi à l'hôtel de ville par la maire et "
        "plusieurs adjoints, pour sa première visite officielle en Franche-Comté."
    )
    roles = {(a.name, a.type, a.role) for a in analyse(title, text, parser()).actors}
    assert ("la maire", "collectivite", "agent") in roles
    assert not any(t == "foreign_state" and r == "agent" for _, t, r in roles)


@pytest.mark.parametrize(
    ("text", "town", "acts"),
    [
        # a town completing a noun that completes another: where people come from
        (
            "Les jeunes ont été préparés par une formation avec un membre de la communauté "
            "togolaise de Brest, avant leur départ pour Kpalimé.",
            "Brest",
            False,
        ),
        # and so is a later conjunct of such a town
        (
            "Un collectif d'associations d'Irun et de Hendaye, qui manifeste chaque samedi sur "
            "le pont, avait réclamé ce geste à la province.",
            "Hendaye",
            False,
        ),
        # the town's own aid, or its twinning partner, still acts
        ("La subvention de Brest pour les sinistrés du Maroc a été versée.", "Brest", True),
        ("Yugawara fête dix ans de jumelage avec Vichy, au Japon.", "Vichy", True),
        # a mayor who came to greet the volunteers is present, not acting
        (
            "Le maire de Brest est venu saluer les bénévoles du convoi pour l'Ukraine au moment "
            "du départ.",
            "Brest",
            False,
        ),
        # a town a train or a trip leaves from is a place
        (
            "La province basque y présente une offre de séjours en train depuis Hendaye.",
            "Hendaye",
            False,
        ),
        # a route's start is where a convoy leaves from
        (
            "Guerre en Ukraine : de Beauvais à la frontière polonaise, le convoi part.",
            "Beauvais",
            False,
        ),
        # the stops of a foreign chamber's tour, in a verbless title; a single town there may
        # still stand for its council
        ("Une mission prolifique à Bordeaux, Nantes et Bruxelles", "Bordeaux", False),
        ("Une mission prolifique à Bordeaux, Nantes et Bruxelles", "Nantes", False),
        ("Jumelage : une fête à Quimperlé pour les 30 ans avec Bad Lippspringe", "Quimperlé", True),
        # the towns of the chambers that sign, listed after the first one
        (
            "Les chambres de commerce et d'industrie de Québec, La Rochelle et Rochefort ont "
            "signé une convention de coopération.",
            "Rochefort",
            False,
        ),
    ],
)
def test_a_town_named_bare_deep_in_a_noun_phrase_does_not_act(
    text: str, town: str, acts: bool
) -> None:
    from nlp.decision import analyse
    from nlp.syntax import parser

    found = {a.name: a.role for a in analyse("", text, parser()).actors}
    assert (found.get(town) == "agent") is acts


def test_a_bracketed_acronym_plays_its_names_part() -> None:
    """ "une contribution au fonds d'action extérieure des collectivités territoriales
    (FACECO)": the fund receives; the parser hangs "FACECO" on "des collectivités", which would
    read as the owner of an action."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    text = (
        "La séance du conseil départemental de l'Aisne s'est tenue lundi. Dans la foulée, "
        "l'assemblée a voté une contribution de 30 000 € au fonds d'action extérieure des "
        "collectivités territoriales (FACECO), au profit des victimes du séisme en Afghanistan."
    )
    roles = {a.name: (a.type, a.role) for a in analyse("", text, parser()).actors}
    assert roles["FACECO"][1] != "agent"
    assert roles["l'assemblée"] == ("collectivite", "agent")


def test_an_intercommunality_by_the_names_the_press_gives_it() -> None:
    """Without the acronym the reference data brackets after it ("… du Kreiz-Breizh (CCKB)"),
    and as "<seat> Agglomération" (the Communauté d'agglomération Annemasse-Les
    Voirons-Agglomération)."""
    text = "La Communauté de communes du Kreiz-Breizh et Annemasse Agglomération ont répondu."
    codes = {m.code for m in find_actors(text)}
    assert {"epci:242200715", "epci:200011773"} <= codes, codes


@pytest.mark.parametrize(
    ("text", "abroad"),
    [
        ("Le comité de jumelage Tarbes-Huesca a préparé une semaine chargée.", True),
        ("Le jumelage entre Besançon et Tübingen a soixante ans.", True),
        # two French towns, a French town's own hyphenated name, a committee "de" its town
        ("Le comité de jumelage Lunéville-Forcalquier fête ses trente ans.", False),
        ("Le jumelage entre Lunéville et Forcalquier a trente ans.", False),
        ("Le comité de jumelage Saint-Jean-de-Luz organise un loto.", False),
        ("Le comité de jumelage de Tarbes a préparé un loto.", False),
    ],
)
def test_a_twinning_named_by_its_two_towns(text: str, abroad: bool) -> None:
    """A twinning named by its towns, one of them no French commune, has a partner abroad
    that the world gazetteer may not know (Huesca): it is not a friendship at home."""
    from nlp.decision import _foreign_twin

    assert _foreign_twin(text) is abroad


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # a council's page on its international policy says its twins are abroad
        (
            "La Ville a scellé des attaches avec 46 villes dans le monde grâce à 17 serments de "
            "jumelage.",
            False,
        ),
        ("La Ville préserve ses jumelages et ses coopérations décentralisées.", False),
        # two French towns' friendship
        ("Lunéville et Forcalquier fêtent trente ans de jumelage.", True),
    ],
)
def test_a_twinning_said_to_be_abroad_without_naming_where(text: str, home: bool) -> None:
    from nlp.decision import _twinning_at_home, analyse

    assert _twinning_at_home(analyse("", text)) is home


def test_a_delegation_and_who_leads_it() -> None:
    """The sentence after a delegation's trip that says who led it names the council."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    text = (
        "Le 6 décembre, une délégation d'élus provençaux s'est rendue à Alger. Conduite par "
        "Michel Vauzelle, président de la Région PACA, elle comprenait le président du "
        "Conseil général des Bouches-du-Rhône."
    )
    agents = {a.code for a in analyse("", text, parser()).actors if a.role == "agent"}
    assert {"reg:93", "dep:13"} <= agents, agents


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # the holder's name after the place, without a comma
        ("La maire de Paris Anne Hidalgo préside le réseau climat.", "Paris", "collectivite"),
        ("Le maire de Lyon Grégory Doucet a signé avec Leipzig.", "Lyon", "collectivite"),
        # one name, not a place and a person
        (
            "Le comité de jumelage Saint Paul en Jarez organise un échange.",
            "comité de jumelage Saint Paul en Jarez",
            "steered_body",
        ),
        (
            "Le président de la CCI Bayonne Pays Basque salue l'opération.",
            "CCI Bayonne Pays Basque",
            "consular_chamber",
        ),
    ],
)
def test_an_office_then_its_place_then_its_holder(text: str, name: str, kind: str) -> None:
    assert (name, kind) in {(m.name, m.type) for m in find_actors(text)}


def test_a_mayors_surname_is_not_a_town() -> None:
    """ "le maire Dupont": the holder's name (Dupont is also a town in the United States)."""
    from nlp.decision import analyse

    found = analyse("", "Le maire Dupont reçoit son homologue de Vitoria pour le jumelage.")
    assert "US" not in {m.code for m in found.countries}
    assert not [a for a in found.actors if "Dupont" in a.name]


def test_an_unnamed_office_held_by_a_foreign_mayor() -> None:
    """A title's "Le maire Coderre" is the office of the mayor of Montréal the text names."""
    text = (
        "Le maire Coderre en visite en France\n\nLe maire de Montréal, Denis Coderre, "
        "entreprend une mission de trois jours."
    )
    first = find_actors(text)[0]
    assert (first.name, first.type) == ("Le maire", "foreign_local_authority")


def test_a_town_listed_after_a_plural_town_cue_is_its_council() -> None:
    """ "Les villes de Cotonou et Paris signent…": Paris is the city, not the French State."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    text = "Les villes de Cotonou et Paris signent un accord de coopération."
    found = {(a.name, a.type) for a in analyse("", text, parser()).actors}
    assert ("Paris", "collectivite") in found, found


def test_a_friendly_visit_is_no_association() -> None:
    found = find_actors("Visite amicale réussie pour les Allemands venus à Sceaux.")
    assert not [m for m in found if m.type == "ngo"], found
    assert find_actors("L'amicale des Bretons organise un voyage.")[0].type == "ngo"


TWINS_LISTED = (
    "La commune déléguée d'Annecy a conclu trois jumelages avec :\n"
    "> Cheltenham en Angleterre en 1956\n> Bayreuth en Allemagne en 1966\n"
    "> Vicenza en Italie en 1995"
)


def test_towns_listed_with_their_country_as_twins_are_partners() -> None:
    from nlp.decision import _listed_twins, analyse

    assert _listed_twins(analyse("Les jumelages d'Annecy", TWINS_LISTED)) == {"GB", "DE", "IT"}
    # a town and its country where no twinning is told
    trip = "Les lycéens ont visité Solingen en Allemagne pendant les vacances."
    assert _listed_twins(analyse("", trip)) == set()


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a compound with France names the other countries
        ("Le jumelage franco-allemand fête ses 50 ans.", {"DE"}),
        ("Le programme Espagne-France-Andorre finance 40 projets.", {"ES", "AD"}),
        ("Le programme Interreg France-Suisse est ouvert.", {"CH"}),
        ("La frontière franco-espagnole est fermée.", {"ES"}),
        # France's own compounds name no other country
        ("La région Île-de-France vote son budget.", set()),
    ],
)
def test_countries_in_a_compound_with_france(text: str, codes: set[str]) -> None:
    from nlp.decision import country_mentions

    assert {m.code for m in country_mentions(text)} == codes


@pytest.mark.parametrize(
    ("text", "town"),
    [
        # what a council could do is no act
        (
            "Des villes comme Avignon ou Le Pontet pourraient parrainer un village dévasté par "
            "le séisme au Maroc.",
            "Avignon",
        ),
        # the seat of an association, hung by the parse on its president
        (
            "Le président de l'association Amitié et entraide franco-marocaine à Avignon "
            "collecte des dons pour le Maroc.",
            "Avignon",
        ),
    ],
)
def test_a_town_that_does_not_act_for_aid_abroad(text: str, town: str) -> None:
    from nlp.decision import analyse
    from nlp.syntax import parser

    roles = {a.name: a.role for a in analyse("", text, parser()).actors}
    assert roles.get(town) != "agent", roles


@pytest.mark.parametrize(
    "title",
    [
        "Festival des solidarités : Pau et le Béarn s'animent avec la Maison des citoyens du monde",
        "Quimperlé vibre au rythme irlandais avec sa ville jumelle de Ballina",
    ],
)
def test_a_town_as_a_festivals_scene_does_not_act(title: str) -> None:
    from nlp.decision import analyse
    from nlp.syntax import parser

    found = analyse(title, "Concerts et débats toute la semaine.", parser()).actors
    assert not [a for a in found if a.type == "collectivite" and a.role == "agent"], found


def test_the_mayor_called_ledile_after_a_foreign_mayor_is_his() -> None:
    text = "Le maire de Ziguinchor a ouvert la séance. L'édile a parlé de la coopération."
    found = {(m.name, m.type) for m in find_actors(text)}
    assert ("L'édile", "foreign_local_authority") in found, found


def test_what_a_verbless_deliberation_pays_to_does_not_act() -> None:
    """ "versement de 100 000 euros au Fonds d'action extérieure des collectivités
    territoriales": the fund receives; climbing from it to the deliberation's noun made it the
    author of the act."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    text = (
        "Séance du conseil départemental de l'Essonne.\n\n9. Aide humanitaire d'urgence à "
        "l'Ukraine : versement de 100 000 euros au Fonds d'action extérieure des collectivités "
        "territoriales pour l'aide aux populations privées de chauffage."
    )
    roles = {a.name: a.role for a in analyse("", text, parser()).actors}
    assert roles["Fonds d'action extérieure des collectivités territoriales"] != "agent"


@pytest.mark.parametrize(
    "title",
    [
        "Dinan : Olena Kravets, du conservatoire de Kharkiv au théâtre",
        "Gap : « À Copenhague, les rues sont aux vélos »",
    ],
)
def test_a_title_town_before_a_person_or_a_quote_is_a_place(title: str) -> None:
    """The town before a title's colon is where the story happens when a person in apposition
    or a quote follows: it is not the one acting."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    text = "Le récital a rempli le théâtre samedi soir, devant un public venu de toute la région."
    found = analyse(title, text, parser()).actors
    town = title.split(" :")[0]
    assert not any(a.name == town and a.role == "agent" for a in found)


def test_a_lead_sentence_before_its_cue_is_a_key_sentence() -> None:
    """The lead names who acts, the next sentence where: both are key sentences; a paragraph's
    later sentence before a cue is not."""
    from nlp.focus import cue_paragraphs, key_sentences, paragraphs
    from nlp.rules import is_candidate

    text = (
        "Promotion\n\nLe Département a conduit la semaine dernière une opération de promotion "
        "touristique. Trois étapes, Stockholm, Copenhague et Oslo, ont réuni 150 agences de "
        "voyages en Suède. Le bilan sera présenté en mars.\n\nLa saison a été bonne. Les "
        "recettes ont augmenté. Les touristes allemands sont revenus."
    )
    spans = paragraphs(text)
    offsets = [text.index("Suède"), text.index("allemands")]
    chosen = cue_paragraphs(text, spans, offsets, is_candidate)
    kept = [
        text[s.start : s.end] for s in key_sentences(text, spans, chosen, offsets, is_candidate)
    ]
    assert any(k.startswith("Le Département a conduit") for k in kept)
    assert any(k.startswith("Trois étapes") for k in kept)
    assert not any(k.startswith("Les recettes") for k in kept)


def test_the_sentence_that_takes_up_a_stand_or_a_stay_is_a_key_sentence() -> None:
    """The act told right after the event, by the word that takes it up ("le stand", "le
    séjour"), is a key sentence; a sentence about something else is not."""
    from nlp.focus import cue_paragraphs, key_sentences, paragraphs
    from nlp.rules import is_candidate

    text = (
        "Salon\n\nSix fromageries jurassiennes exposaient la semaine dernière au salon Gourmet "
        "Japon de Tokyo, au Japon. Le stand de 120 m² avait été loué et aménagé par la Région. "
        "La météo était clémente."
    )
    spans = paragraphs(text)
    offsets = [text.index("au Japon") + 3, text.index("Tokyo")]
    chosen = cue_paragraphs(text, spans, offsets, is_candidate)
    kept = [
        text[s.start : s.end] for s in key_sentences(text, spans, chosen, offsets, is_candidate)
    ]
    assert any(k.startswith("Le stand de 120") for k in kept)
    assert not any(k.startswith("La météo") for k in kept)


def test_the_act_told_just_before_its_destination_is_a_key_sentence() -> None:
    """A quote tells the vote, the next sentence where the money goes ("…une aide de 4 000
    euros. Elle passera par le FACECO… dans la province d'Al Haouz"): the vote is a key
    sentence; a sentence before the cue that tells no act is not."""
    from nlp.focus import cue_paragraphs, key_sentences, paragraphs
    from nlp.rules import is_candidate

    text = (
        "Séisme\n\nLe soleil est revenu lundi sur la côte. « Nous avons réuni le conseil "
        "municipal et voté une aide de 4 000 euros. Elle sera fléchée sur l'eau potable dans la "
        "province d'Al Haouz, au Maroc », précise l'adjointe."
    )
    spans = paragraphs(text)
    offsets = [text.index("au Maroc") + 3]
    chosen = cue_paragraphs(text, spans, offsets, is_candidate)
    kept = [
        text[s.start : s.end] for s in key_sentences(text, spans, chosen, offsets, is_candidate)
    ]
    assert any("voté une aide" in k for k in kept)
    assert not any(k.startswith("Le soleil") for k in kept)


def test_a_sentence_runs_on_past_an_initial() -> None:
    """ "M. Tamm", "J. Dupont", "MM. Ba et Sow": the period of an initial or a title ends no
    sentence, so the ambassador received at the town hall stays in the act's sentence."""
    from nlp.focus import Span, sentences

    text = (
        "Mardi, l'ambassadeur de Lettonie en France, M. Ozols, a été reçu par le maire. "
        "Il a rencontré J. Martin et MM. Ba et Sow. Fin de la visite."
    )
    assert [text[s.start : s.end] for s in sentences(text, Span(0, len(text)))] == [
        "Mardi, l'ambassadeur de Lettonie en France, M. Ozols, a été reçu par le maire.",
        "Il a rencontré J. Martin et MM. Ba et Sow.",
        "Fin de la visite.",
    ]


def test_an_act_told_by_its_amount_in_euros_is_a_key_sentence() -> None:
    """The act may be told by its amount alone, in euros ("Les 11 400 € … pris en charge par
    la communauté de communes"); a later sentence with no act is not key."""
    from nlp.focus import cue_paragraphs, key_sentences, paragraphs
    from nlp.rules import is_candidate

    text = (
        "Tikaré\n\nIl fait nuit tôt à Tikaré, au Burkina Faso. Les 11 400 € de l'installation "
        "ont été pris en charge par la communauté de communes. Les élèves sont ravis."
    )
    spans = paragraphs(text)
    offsets = [text.index("Burkina")]
    chosen = cue_paragraphs(text, spans, offsets, is_candidate)
    kept = [
        text[s.start : s.end] for s in key_sentences(text, spans, chosen, offsets, is_candidate)
    ]
    assert any(k.startswith("Les 11 400 €") for k in kept)
    assert not any(k.startswith("Les élèves") for k in kept)


@pytest.mark.parametrize(("text", "name", "kind"), ACTOR_TABLE)
def test_actor_typing(text: str, name: str, kind: str) -> None:
    found = {(m.name, m.type) for m in find_actors(text)}
    assert any(name in n and t == kind for n, t in found), found


def test_a_capital_named_bare_is_its_state(tag_actors) -> None:  # type: ignore[no-untyped-def]
    """ "Paris et Alger" in a diplomacy story are the two States, not the city of Paris."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    title = "Diplomatie : Paris et Alger relancent leur dialogue"
    text = (
        "La ministre des Affaires étrangères s'est rendue lundi en Algérie pour relancer le "
        "dialogue politique entre les deux pays. Un accord sur les visas étudiants a été signé."
    )
    kinds = {(a.name, a.type) for a in analyse(title, text, parser()).actors}
    assert ("Paris", "french_state") in kinds and ("Alger", "foreign_state") in kinds
    assert not tag_actors(text, title)["is_aict"]


#: Regular French inflections of a masculine singular demonym ending (m. sg. → f. sg., m. pl.,
#: f. pl.); irregular ones ("turc", "grec") are listed in full in the data.
_INFLECTIONS = [
    ("ien", ["ienne", "iens", "iennes"]),
    ("ain", ["aine", "ains", "aines"]),
    ("ais", ["aise", "aises"]),
    ("ois", ["oise", "oises"]),
    ("an", ["ane", "ans", "anes"]),
    ("ol", ["ole", "ols", "oles"]),
    ("in", ["ine", "ins", "ines"]),
    ("en", ["enne", "ens", "ennes"]),
]


def test_country_demonyms_come_in_all_their_forms() -> None:
    """A demonym found in one form only misses the country in the others ("les populations
    libyennes" when only "libyen, libyenne, libyens" were listed)."""
    import yaml

    from storage.reference import REFDATA

    data = yaml.safe_load((REFDATA / "country_aliases.yaml").read_text(encoding="utf-8"))
    missing = {}
    for iso2, forms in data.items():
        lower = [f for f in forms if f[:1].islower() and " " not in f and not f.startswith("ex-")]
        if not lower:
            continue
        base = min(lower, key=len)
        ending, endings = next(((e, o) for e, o in _INFLECTIONS if base.endswith(e)), ("", []))
        stem = base[: len(base) - len(ending)]
        if absent := [stem + o for o in endings if stem + o not in forms]:
            missing[iso2] = absent
    assert not missing, missing


def test_fold_with_offsets_matches_the_per_character_definition() -> None:
    """The translated fold equals folding each character, offsets included (ligatures, the
    ellipsis and a decomposed accent fold to other lengths)."""
    from nlp.gazetteer import fold_with_offsets
    from nlp.text import fold

    for text in (
        "La Ville de Chambéry – jumelée avec Ouahigouya",
        "L’œuvre … ﬁnancée par la Région ½ : Cr\u0065\u0301teil, İstanbul",
        "",
    ):
        expected_text = "".join(fold(c) for c in text)
        expected_offsets = [i for i, c in enumerate(text) for _ in fold(c)]
        folded, offsets = fold_with_offsets(text)
        assert folded == expected_text and list(offsets) == expected_offsets


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Le guichet répond en anglais aux chercheurs.", set()),
        ("Les commerçants suivent des cours d'allemand.", set()),
        ("La délégation allemande est arrivée lundi.", {"DE"}),
        ("Une aide pour les populations libyennes touchées par la tempête.", {"LY"}),
        ("Un couple d'Allemands visite la ville.", {"DE"}),
    ],
)
def test_a_language_is_not_a_country(text: str, codes: set[str]) -> None:
    """A lower-case demonym after "en", "l'", "d'" names a language, not a people."""
    from nlp.gazetteer import country_index

    assert {m.code for m in country_index(regional=True).find(text)} == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("L'aire est prisée des touristes néerlandais et belges en route vers l'Espagne.", {"ES"}),
        ("La foire accueille des exposants venus de Belgique et d'Allemagne.", set()),
        ("Le festival programme des musiciens américains, cubains et sénégalais.", set()),
        ("Des vignerons arrivés d'Italie tiennent un stand place du Marché.", set()),
        ("Récital de la pianiste ukrainienne, née à Kharkiv et formée à Kyiv.", set()),
        # stops on a route: transit, ferries' and flights' destinations
        ("Ils sont arrivés après un long voyage via Montréal et Paris.", set()),
        ("Le port garde un trafic de ferries vers les îles et l'Angleterre.", set()),
        ("Le convoi humanitaire part vers l'Ukraine.", {"UA"}),
        # a tram stop named like a foreign town
        ("La ligne 1 ne circulera pas entre Commerce et Gare-Maritime.", set()),
        ("Une subvention de 1 500 euros à l'association des Portugais de Guéret.", set()),
        # a foreign name as a French place's nickname
        ("Visite de la Venise normande en barque, puis de la Suisse normande.", set()),
        ("Les touristes flânent dans la petite Venise de Colmar.", set()),
        # The people a council's act involves keep their country.
        ("Des élus venus de Pologne ont été reçus en mairie.", {"PL"}),
        ("La commune héberge une famille syrienne et des musiciens.", {"SY"}),
        ("La délégation sénégalaise a visité le collège.", {"SN"}),
        ("Le centre culturel expose l'illustratrice japonaise Aiko Tanabe.", set()),
        # demonyms of countries that had none listed
        ("Une délégation andorrane a été reçue en mairie.", {"AD"}),
        ("Les Fidjiens s'entraînent dans les Landes avant les Jeux.", {"FJ"}),
        # foreign regions by their French names
        ("Soixante Alençonnais partent pour Quakenbrück, en Basse-Saxe.", {"DE"}),
        ("Le comité de jumelage visitera la Mazovie et la Petite-Pologne.", {"PL"}),
        ("Des enseignants de Port-Vila ont été accueillis en mairie.", {"VU"}),
        # federated states and provinces by their French names; a venue named after a town
        ("Une délégation de l'État de Pennsylvanie a été reçue en mairie.", {"US"}),
        ("Les deux villes signeront un pacte d'amitié à Placentia.", {"CA"}),
        ("Le Département a voté une aide pour le Kerala.", {"IN"}),
        ("La toiture de la salle Saint-Sébastien sera refaite.", set()),
    ],
)
def test_the_origin_of_people_at_a_home_event_is_no_country(text: str, codes: set[str]) -> None:
    """Tourists, performers, exhibitors, products: a country named as their origin is merely
    mentioned (nlp.incidental), and makes no text international."""
    from nlp.decision import country_mentions

    assert {m.code for m in country_mentions(text)} == codes


@pytest.mark.parametrize(
    "text",
    [
        "Les fonds de l'Union européenne financent le projet.",
        "Un séminaire d'affaires se tient à Taïwan.",
        # the territory, in lower case: "dans le département", "les régions"
        "Dans le département, la grêle a frappé les vergers.",
        "Les régions du nord ont eu froid.",
        # no council named before: the assembly is anybody's; an association's general one
        "L'assemblée a voté une aide pour le Liban.",
        "L'assemblée générale du club a voté une aide pour le Liban.",
        "Le conseil a voté une aide pour le Liban.",
        # a bare noun qualifying another: no institution
        "Ils sont arrivés avec deux valises et un sac d'école.",
        "L'exemple a fait école dans le canton.",
        # pilgrims are people, not a religious body
        "Les pèlerins repartent du gîte communal à l'aube.",
        # an intercommunality's short name ("Deux Rives") only when capitalised
        "Douze kilomètres, deux rives, un même été.",
        # some body of a steered kind, named by an indefinite article alone
        "L'institution est venue avec quatre caves coopératives et un office de tourisme.",
        # a State by its official name, not a federation of clubs
        "La guerre menace les pays frontaliers de la fédération de Russie.",
    ],
)
def test_words_that_are_not_actors(text: str) -> None:
    assert [(m.name, m.type) for m in find_actors(text)] == []


@pytest.mark.parametrize(
    "second",
    [
        "Le conseil d'administration du collège a voté une aide.",
        "Le conseil scientifique du parc a rendu son avis.",
        "Le conseil européen se réunit à Bruxelles.",
    ],
)
def test_another_bodys_council_is_not_the_council(second: str) -> None:
    """After a council's name, "le conseil" followed by a complement or an adjective is another
    body (a school's board, a park's scientists, the European Council)."""
    found = find_actors(f"Le conseil municipal a siégé lundi. {second}")
    assert [m.name for m in found] == ["Le conseil municipal"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # The people, friends or delegation of a foreign town; an adjective between "ville"
        # and "de"; a foreign council's own name; a town followed by "ville jumelle".
        ("Une délégation de Worms sera reçue en mai.", "DE"),
        ("Les habitants de Nettetal sont arrivés samedi.", "DE"),
        ("la charte qui unit Auxerre à la ville rhénane de Worms", "DE"),
        ("une convention avec l'Ayuntamiento de Jaca", "ES"),
        ("Le presidente da Câmara municipal de Barcelos est arrivé mercredi.", "PT"),
        ("Le festival met à l'honneur Braintree, notre ville jumelle du comté d'Essex.", "GB"),
        ("une délégation municipale à Livourne, de l'autre côté du canal", "IT"),
        ("L'opération est menée en lien avec la mairie de Mananjary.", "MG"),
        # French names of foreign towns; a town named again by the first part of its name
        ("Chartres envoie une délégation municipale à Ravenne pour les trente ans.", "IT"),
        ("La ville de Malines a reçu les élus de Dole.", "BE"),
        (
            "Besançon était à l'inauguration de la bibliothèque de Fribourg-en-Brisgau, accueillie "
            "par l'Oberbürgermeister de Fribourg.",
            "DE",
        ),
        # A German town named by the first part of its qualified name, or in full
        ("Le comité prépare les soixante ans du jumelage avec Landau.", "DE"),
        ("Les retrouvailles avec Landau in der Pfalz auront lieu en juillet.", "DE"),
        ("Une délégation de Mülheim est attendue à Tours.", "DE"),
        # a Malagasy region named like a foreign town; Compostela in French
        ("La Région aide les planteurs de vanille de la région Sava.", "MG"),
        ("Le Puy accueille les élus de Saint-Jacques-de-Compostelle.", "ES"),
        # a Brussels commune by its French name
        ("Woluwe-Saint-Pierre entretient une série de jumelages.", "BE"),
    ],
)
def test_foreign_town_contexts(text: str, code: str) -> None:
    from nlp.decision import country_mentions

    assert {m.code for m in country_mentions(text)} == {code}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # A country or a foreign region is a proper noun; the common word it folds to is not.
        ("Les navettes restaient séparées de part et d'autre de la crête.", set()),
        # an institution with its article after "avec" is no town (Opera is one, in Italy)
        ("Convention avec l'Opéra de Dijon pour les concerts de l'été.", set()),
        ("Le Département a voté une aide aux sinistrés des incendies en Crète.", {"GR"}),
        # The Belgian province is Belgium, not the Grand Duchy.
        ("les patients de la province de Luxembourg, soignés à Charleville", {"BE"}),
        ("les frontaliers qui travaillent au Luxembourg", {"LU"}),
    ],
)
def test_places_are_proper_nouns(text: str, codes: set[str]) -> None:
    from nlp.decision import country_mentions

    assert {m.code for m in country_mentions(text)} == codes


def test_a_network_text_weighs_its_co_members_less() -> None:
    """The chooser reads the text's objects: in a text about a network only, the member towns it
    lists are co-members more often than partners (the corpus: 0.906 → 0.916 country F1 on
    cross-validation, 2026-12-06), so the same candidates weigh less than in a cooperation
    text."""
    from nlp.countries import FEATURES, CountryRelevance, candidate_features, context_words
    from nlp.decision import analyse
    from nlp.places import place_names
    from nlp.version import MODELS

    chooser = CountryRelevance.load(MODELS["actors"] / "countries.json")
    title = "Climat : Lorient rejoint le réseau des villes littorales"
    text = (
        "Le conseil municipal de Lorient a voté lundi l'adhésion de la Ville au réseau "
        "international des villes littorales face à la montée des eaux. Le réseau rassemble une "
        "soixantaine de collectivités, dont Lisbonne, Valparaiso et Mombasa. L'adjoint à "
        "l'environnement représentera Lorient à l'assemblée générale du réseau."
    )
    found = analyse(title, text)
    chosen = {}
    for objects in ({"networks"}, {"cooperation"}):
        values = candidate_features(
            found.full, len(title), found.countries, place_names(), found.actors, objects
        )
        assert {v[FEATURES.index("soft_objects")] for v in values.values()} == {
            float(objects == {"networks"})
        }
        chosen[min(objects)] = set(
            chooser.choose(values, context_words(found.full, found.countries))
        )
    assert chosen["networks"] < chosen["cooperation"] == {"PT", "CL", "KE"}


def test_town_without_town_context_is_not_a_country() -> None:
    """A capitalised word that happens to be a foreign town, with nothing town-like around."""
    from nlp.decision import country_mentions

    assert country_mentions("Worms et Barcelos ont été cités par le conférencier.") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Salisbury is Harare's old name (more populous) and an English town; Zamora a Mexican
        # and a Spanish one: the country the text names otherwise decides.
        ("Quarante ans d'amitié avec la ville de Salisbury : les Anglais sont arrivés.", "GB"),
        ("Le maire de Zamora, en Espagne, était présent.", "ES"),
        ("Le maire de Zamora était présent.", "MX"),
    ],
)
def test_homonym_towns_follow_the_text(text: str, code: str) -> None:
    from nlp.decision import country_mentions

    assert code in {m.code for m in country_mentions(text)}
    assert len({m.code for m in country_mentions(text) if m.name in ("Salisbury", "Zamora")}) == 1


def test_listed_partners_follow_the_head_of_their_list() -> None:
    """Items of a list announced as partners, and countries bracketed after a town, are
    "listed" (a chooser feature); a list of comparisons is not."""
    from nlp.countries import _listed_partners
    from nlp.decision import country_mentions

    text = (
        "Des maires de Dakar, Abidjan, Montréal ou Beyrouth ont confirmé leur venue. "
        "Le réseau compte huit villes, dont Setúbal (Portugal) et Gdynia (Pologne). "
        "Comme en Allemagne, ou en Italie, le débat est vif."
    )
    listed = {m.name for m in _listed_partners(text, country_mentions(text))}
    assert {"Dakar", "Abidjan", "Montréal", "Beyrouth", "Portugal", "Pologne"} <= listed
    assert not listed & {"Allemagne", "Italie"}


def test_context_words_stay_in_the_mention_sentence() -> None:
    """The chooser's context words: the few words before and after each mention, never across
    a sentence's end, gathered per country."""
    from nlp.countries import context_words
    from nlp.decision import country_mentions

    text = (
        "Le conseil a voté l'aide. Le réseau, fondé par le maire d'Hiroshima, compte "
        "8 000 villes. Des jeunes revenus du Pérou témoigneront."
    )
    words = context_words(text, country_mentions(text))
    assert {"b:fonde", "b:par", "b:maire", "a:compte"} <= words["JP"]
    assert "b:aide" not in words["JP"] and "a:jeunes" not in words["JP"]
    assert {"b:revenus", "b:du", "a:temoigneront"} <= words["PE"]


def test_a_chooser_weighs_the_context_words_it_was_trained_with(tmp_path: Path) -> None:
    """Saved and loaded back, a chooser with a vocabulary adds each known word's weight: the
    same salience features choose or drop a country by its context."""
    from nlp.countries import FEATURES, CountryRelevance

    chooser = CountryRelevance([0.0] * len(FEATURES), 0.5, ["b:fonde", "b:jumelee"], [-2.0, 2.0])
    chooser.save(tmp_path / "countries.json")
    again = CountryRelevance.load(tmp_path / "countries.json")
    assert again.reads_context
    values = {"JP": [1.0] * len(FEATURES), "DE": [1.0] * len(FEATURES)}
    context = {"JP": {"b:fonde", "b:par"}, "DE": {"b:jumelee", "a:inconnu"}}
    assert again.choose(values, context) == ["DE"]
    # Without its words the chooser falls back on the salience features alone (z = 0 → 0.5).
    assert again.choose(values) == ["DE", "JP"]
    assert not CountryRelevance([0.5] * 14, 0.4).reads_context


def test_the_packaged_actors_chooser_reads_context_words() -> None:
    """``make train`` fits the actors model's chooser with context words (issue 11): a tourist
    clientele or one item of a "dont …" list weighs against, a delegation or a town for."""
    from nlp.countries import CountryRelevance
    from nlp.version import MODELS

    chooser = CountryRelevance.load(MODELS["actors"] / "countries.json")
    assert chooser.reads_context and len(chooser.word_weights) > 100
    weights = chooser.word_weights
    assert weights["b:clientele"] < 0 and weights["b:dont"] < 0
    assert weights["b:delegation"] > 0 and weights["b:ville"] > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A street, quay or square named after a people is not that people.
        ("Le cortège a longé la promenade des Anglais jusqu'au quai des Belges.", set()),
        ("Le marché de Noël s'installe place des Dominicains.", set()),
        ("Une délégation des Belges de Mouscron est attendue.", {"BE"}),
        # Places the press names without their country.
        ("Arles reçoit une délégation de Salvador de Bahia.", {"BR"}),
        ("l'amitié avec une petite ville du comté de Mayo", {"IE"}),
    ],
)
def test_streets_and_regions(text: str, expected: set[str]) -> None:
    from nlp.decision import country_mentions

    assert {m.code for m in country_mentions(text)} == expected


def test_default_models_drop_state_only_diplomacy(tag_default_and_classic) -> None:  # type: ignore[no-untyped-def]
    """The default model and the classic one: a State acting with no council named is not AICT,
    even when its words are cooperation's; the same visit with a Region on board stays AICT."""
    tag_one = tag_default_and_classic
    state = tag_one(
        "Le ministre de l'Europe et des Affaires étrangères a effectué une visite officielle au "
        "Maroc, consacrée à la coopération économique entre les deux États. Plusieurs accords "
        "de coopération ont été signés entre les gouvernements.",
        title="Diplomatie : Paris et Rabat renforcent leur coopération",
    )
    assert not state["is_aict"]
    assert state["objects"] == [] and state["partner_countries"] == []
    assert any(a["type"] == "french_state" for a in state["actors"])
    council = tag_one(
        "La Région Bretagne a signé avec la région de Casablanca-Settat une convention de "
        "coopération décentralisée sur la formation professionnelle, en présence du ministre.",
        title="La Bretagne et Casablanca-Settat renouvellent leur coopération",
    )
    assert council["is_aict"]


#: Minimal pairs for the look-alike veto of the classic model (and the default's actors): the same story told with a foreign
#: town or a parish acting alone (the classic classifier's words say AICT), then with a French
#: commune acting.
LOOKALIKE_ALONE = {
    "foreign_local_authority": (
        (
            "La municipalité de Tournai a présenté jeudi son nouveau programme de coopération "
            "avec la ville de Kindu, en République démocratique du Congo. Le bourgmestre a "
            "annoncé l'envoi de deux techniciens pour moderniser le réseau d'eau potable, "
            "financé par le budget communal et par la coopération belge.",
            "Tournai renforce sa coopération avec Kindu",
        ),
        (
            "Le conseil municipal de Tourcoing a voté jeudi son nouveau programme de coopération "
            "décentralisée avec la ville de Kindu, en République démocratique du Congo. Le maire "
            "a annoncé l'envoi de deux techniciens de la commune pour moderniser le réseau d'eau "
            "potable, financé par le budget communal.",
            "Tourcoing renforce sa coopération avec Kindu",
        ),
    ),
    "religious": (
        (
            "La paroisse Saint-Martin célèbre cette année les vingt ans de son jumelage avec la "
            "paroisse de Bobo-Dioulasso, au Burkina Faso. Le curé a accueilli dimanche une "
            "délégation burkinabè pour une messe d'action de grâce et un repas partagé.",
            "Vingt ans de jumelage entre paroisses",
        ),
        (
            "La commune de Saint-Martin-d'Hères célèbre cette année les vingt ans de son jumelage "
            "avec Bobo-Dioulasso, au Burkina Faso. Le maire a accueilli dimanche une délégation "
            "burkinabè à l'hôtel de ville pour une cérémonie et un repas partagé.",
            "Vingt ans de jumelage avec Bobo-Dioulasso",
        ),
    ),
}


@pytest.mark.parametrize("family", sorted(LOOKALIKE_ALONE))
def test_default_models_drop_lookalikes_acting_alone(tag_default_and_classic, family: str) -> None:  # type: ignore[no-untyped-def]
    """The default model and the classic one (by its veto): a look-alike acting with no French
    council or steered body named anywhere is not AICT (taxonomy.md §1), while the same story
    with a commune acting is."""
    tag_one = tag_default_and_classic
    (text, title), (council_text, council_title) = LOOKALIKE_ALONE[family]
    alone = tag_one(text, title=title)
    assert not alone["is_aict"]
    assert alone["objects"] == [] and alone["partner_countries"] == []
    assert any(a["type"] == family and a["role"] == "agent" for a in alone["actors"])
    council = tag_one(council_text, title=council_title)
    assert council["is_aict"]
    assert any(a["type"] == "collectivite" for a in council["actors"])


@pytest.mark.parametrize(
    ("place", "expected"), [("la Guadeloupe, touchée", False), ("Haïti, touché", True)]
)
def test_default_models_keep_emergencies_at_home_out(
    tag_default_and_classic, place: str, expected: bool
) -> None:  # type: ignore[no-untyped-def]
    """Emergency aid to an overseas territory is domestic (taxonomy.md §1); the same aid to a
    foreign country is AICT (the default model and the classic one)."""
    tag_one = tag_default_and_classic
    where = place.split(",")[0]
    text = (
        f"La Région a débloqué une aide humanitaire d'urgence de 200 000 euros pour {place} par "
        "l'ouragan. La présidente a annoncé l'envoi de groupes électrogènes et de matériel de "
        "première nécessité, en lien avec la Protection civile."
    )
    record = tag_one(text, title=f"Ouragan : la Région vient en aide à {where.split()[-1]}")
    assert record["is_aict"] is expected
    assert record["objects"] == (["emergency"] if expected else [])


@pytest.mark.parametrize(
    ("partner", "trainees", "expected"),
    [
        ("le conseil départemental de Mayotte", "mahorais", False),
        ("la région Atsinanana, à Madagascar", "malgaches", True),
    ],
)
def test_cooperation_with_overseas_france_is_at_home(
    tag_actors, partner: str, trainees: str, expected: bool
) -> None:  # type: ignore[no-untyped-def]
    """A convention between La Réunion's Région and Mayotte's Département is cooperation at
    home (taxonomy.md §1); the same convention with a Malagasy region is AICT."""
    text = (
        "Le conseil régional de La Réunion a signé lundi à Saint-Denis une convention de "
        f"coopération régionale de trois ans avec {partner}, au nom de la solidarité entre les "
        f"territoires de l'océan Indien. Chaque année, quinze formateurs {trainees} suivront un "
        "cursus au lycée hôtelier de Saint-Paul, et la Région consacre 180 000 euros au dispositif."
    )
    record = tag_actors(text, "Formation : la Région Réunion signe une convention de coopération")
    assert record["is_aict"] is expected


def test_the_veto_needs_a_lookalike_agent() -> None:
    """No actor at all, or only councils, is never a veto; a look-alike merely mentioned
    beside a council is not one either."""
    from nlp.actors import ActorMention
    from nlp.decision import _lookalike_only, analyse

    analysis = analyse("", "Un texte sans acteur.")
    assert not _lookalike_only(analysis)
    ngo = ActorMention("l'association", None, "ngo", 0, 13, "agent")
    commune = ActorMention("la commune", "commune:35238", "collectivite", 20, 30, "mentioned")
    assert _lookalike_only(replace(analysis, actors=(ngo,)))
    assert not _lookalike_only(replace(analysis, actors=(ngo, commune)))
    assert not _lookalike_only(replace(analysis, actors=(replace(ngo, role="mentioned"),)))
    # A French kind of council in the plural, not acting, names no council ("les villes et
    # sites wallons"); acting ("les communes françaises ont voté"), it does.
    towns = ActorMention("les villes", None, "collectivite", 40, 50, "mentioned")
    assert _lookalike_only(replace(analysis, actors=(ngo, towns)))
    assert not _lookalike_only(replace(analysis, actors=(ngo, replace(towns, role="agent"))))


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # The reference data file "La Rochelle" as "Rochelle": the article is read back.
        ("Le maire de La Rochelle a reçu la délégation.", "La Rochelle", "commune:17300"),
        (
            "La Rochelle a voté une aide au Liban, a indiqué le maire.",
            "La Rochelle",
            "commune:17300",
        ),
        ("Le Havre signe avec Tampa, a dit le maire.", "Le Havre", "commune:76351"),
        ("La commune de L'Isle-Adam accueille ses jumeaux.", "L'Isle-Adam", "commune:95313"),
        ("Le maire du Mans a reçu ses homologues.", "Mans", "commune:72181"),
    ],
)
def test_communes_named_with_their_article(text: str, name: str, code: str) -> None:
    found = {(m.name, m.code) for m in find_actors(text)}
    assert (name, code) in found, found


def test_a_lower_case_word_after_an_article_is_not_a_commune() -> None:
    # "La Garde" (Var) is a commune; "La garde républicaine" is not.
    found = {m.code for m in find_actors("La garde républicaine a défilé, a dit le maire.")}
    assert "commune:83062" not in found
    found = {m.code for m in find_actors("La Garde a voté une aide au Liban, a dit le maire.")}
    assert "commune:83062" in found


def test_twinning_committee_of_a_french_town_with_an_article() -> None:
    found = {(m.name, m.type) for m in find_actors("Le comité de jumelage Le Mans-Paderborn.")}
    assert ("comité de jumelage Le Mans-Paderborn", "steered_body") in found


def test_an_actor_name_stops_at_a_line_break() -> None:
    """A cue ending the title or a paragraph does not take the next paragraph's first words
    as its name ("Cités Unies France" then "CERGY", "la Ville" then "Depuis")."""
    text = (
        "Coopération : la Ville rejoint Cités Unies France\n\n"
        "CERGY. Le conseil municipal a voté lundi l'adhésion de la Ville\n\n"
        "Depuis vingt ans, la commune soutient des projets au Mali."
    )
    names = [m.name for m in find_actors(text)]
    assert names and not any("\n" in name for name in names), names
    assert "Cités Unies France" in names


def _roles(title: str, text: str) -> set[tuple[str, str, str]]:
    from nlp.decision import analyse
    from nlp.syntax import parser

    return {(a.name, a.type, a.role) for a in analyse(title, text, parser()).actors}


def test_a_mayor_who_only_salutes_is_a_bystander() -> None:
    """Greeting, applauding or congratulating those who act is being there, not acting: the
    German district sends the generators, the French mayor waves them off."""
    roles = _roles(
        "Des groupes électrogènes pour Odessa",
        "Six camions du Landkreis de Constance sont partis lundi vers Odessa avec des groupes "
        "électrogènes financés par l'arrondissement allemand. Le maire d'Annemasse a félicité "
        "les chauffeurs au moment du départ du convoi humanitaire.",
    )
    assert not any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


@pytest.mark.parametrize(
    "text",
    [
        "Le colonel a salué « une unité dont toute la ville est fière » avant le départ pour "
        "le Chili.",
        "Des chercheurs marocains viennent à Montpellier : la ville concentre une partie de "
        "l'excellence agronomique française, explique la délégation d'Agadir.",
    ],
)
def test_a_town_described_does_not_act(text: str) -> None:
    """A town that is proud, or holds the labs, is described, not a council acting."""
    roles = _roles("Mission à l'étranger", text)
    assert not any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


def test_a_council_proud_to_act_still_acts() -> None:
    roles = _roles("Coopération", "La Région Bretagne est fière de soutenir ce projet au Sénégal.")
    assert any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


def test_a_breves_dateline_is_a_place() -> None:
    """In a column of brèves, the town opening each one dates it, as a text's own dateline does:
    "Metz." is where the universities signed, not a council acting."""
    text = (
        "Woippy. Fermeture de la piscine\nLa piscine restera fermée jusqu'au 30 avril.\n\n"
        "Metz. Un double diplôme avec la Sarre\nL'Université de Lorraine et l'université de la "
        "Sarre ont signé un accord de double diplôme en génie civil."
    )
    assert not any(m.name in ("Metz", "Woippy") for m in find_actors(text))
    # The column's title names its area: "Metz et Moselle : les brèves".
    titled = "Metz et Moselle : les brèves\n\n" + text
    assert not any(m.name == "Metz" for m in find_actors(titled))
    # A council named in the brève itself still is one.
    assert any(
        m.type == "collectivite"
        for m in find_actors(text + "\n\nMarly. La Ville de Marly signe avec Sarrelouis.")
    )
    # A caption's place with its département in brackets, before a colon
    caption = "Des journalistes convoient du matériel.\nLimeil-Brévannes (94) : départ jeudi."
    assert not any(m.name == "Limeil-Brévannes" for m in find_actors(caption))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Ni la Ville de Tourcoing ni la Métropole européenne de Lille n'ont été associées au "
            "projet de navette transfrontalière lancé par la commune belge de Mouscron.",
            "Tourcoing",
        ),
        (
            "Aucune rencontre avec les élus de la Région n'était prévue au programme de la "
            "délégation marocaine venue démarcher des investisseurs.",
            "élus",
        ),
        (
            "« C'est une bonne nouvelle pour nos habitants, mais la Ville n'est pas partie "
            "prenante du projet transfrontalier », a précisé la maire.",
            "Ville",
        ),
        (
            "La commune ne participera plus au programme de coopération avec la province "
            "burkinabè du Boulkiemdé.",
            "commune",
        ),
        # "pas" on the complement itself, with no "ne": not with the councils.
        (
            "« Pour l'eau potable au Burkina Faso, nous travaillons avec l'opérateur national, "
            "pas avec les communes », précise l'agence.",
            "communes",
        ),
    ],
)
def test_a_negated_council_does_not_act(text: str, name: str) -> None:
    """ "ni … ni … n'ont", "aucune … n'était", "n'est pas partie prenante" (the parser hangs
    "pas" on the complement), "ne … plus": the council named there is not an agent."""
    roles = _roles("Coopération transfrontalière", text)
    assert not any(name in n and t == "collectivite" and r == "agent" for n, t, r in roles), roles


def test_ne_que_is_not_a_negation() -> None:
    """ "n'a versé que 2 000 euros": the council still gives."""
    roles = _roles(
        "Séisme",
        "La Ville n'a versé que 2 000 euros à sa ville jumelle marocaine après le séisme.",
    )
    assert ("La Ville", "collectivite", "agent") in roles


def test_an_invited_mayor_is_a_guest() -> None:
    """A passive of asking ("avait été invitée", "a été consultée") makes its subject a guest,
    not the one who acts; the foreign towns that built the greenway act alone."""
    roles = _roles(
        "Comines-Warneton ouvre sa voie verte jusqu'à la frontière",
        "La commune belge de Comines-Warneton a inauguré samedi une voie verte de 11 kilomètres "
        "jusqu'à la frontière. La maire d'Armentières avait été invitée à la cérémonie "
        "transfrontalière, en Belgique.",
    )
    assert not any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Les élus de Barcelone ont défendu leur plan.",
            "élus de Barcelone",
            "foreign_local_authority",
        ),
        ("Les élus d'Occitanie ont défendu leur plan.", "élus", "collectivite"),
        (
            "La maire adjointe de Vienne, en Autriche, a présenté le logement municipal.",
            "Vienne",
            "foreign_local_authority",
        ),
        (
            "Une délégation de Trois-Rivières, au Québec, est attendue à Nantes.",
            "Trois-Rivières",
            "foreign_local_authority",
        ),
        ("Le maire de Vienne (Isère) a reçu ses homologues.", "Vienne", "collectivite"),
    ],
)
def test_elected_people_and_namesakes_abroad(text: str, name: str, kind: str) -> None:
    """ "les élus de <foreign town>" are foreign; a French commune's namesake followed by its
    country ("Vienne, en Autriche") is a foreign town, the French one ("Vienne (Isère)") is not."""
    found = {(m.name, m.type) for m in find_actors(text)}
    assert any(name in n and t == kind for n, t in found), found


@pytest.mark.parametrize(
    ("title", "text", "name"),
    [
        # Geneva's own programme: a French town named in passing does not make "la Ville"
        # French.
        (
            "Genève finance l'eau potable de six villages burkinabè",
            "La Ville de Genève a débloqué 420 000 francs pour l'eau potable de six villages du "
            "Burkina Faso. La Ville consacre chaque année 0,7 % de son budget à la solidarité "
            "internationale, rappelle une habitante d'Annemasse qui travaille au service.",
            "La Ville",
        ),
        # Sardinia promotes itself; the Corsican council named further on is a bystander.
        (
            "Tourisme : la Sardaigne fait cavalier seul",
            "La Regione Sardegna a dévoilé jeudi à Cagliari sa campagne pour les clientèles "
            "lointaines. La Région a choisi de financer seule l'opération au salon de Berlin. La "
            "Collectivité de Corse n'a pas été associée.",
            "La Région",
        ),
        # The same town named by its council and its mayor in turn: "la Ville" is Québec's.
        (
            "Le maire de Québec présente sa vision internationale",
            "La Ville de Québec présente sa stratégie de relations internationales avant une "
            "mission à Paris. Le maire de Québec partira la semaine prochaine. Pour le service, "
            "la Ville finance cette année trois nouveaux échanges avec des villes étrangères.",
            "la Ville",
        ),
    ],
)
def test_an_unnamed_council_takes_up_the_foreign_one_named_before(
    title: str, text: str, name: str
) -> None:
    """ "la Ville", "la Région" acting with no French authority acting by name take up the
    last authority of their level named before them with the same word (docs/tagger.md,
    2026-12-06 third session)."""
    roles = _roles(title, text)
    assert not any(t == "collectivite" and r == "agent" for _, t, r in roles), roles
    assert any(n == name and t == "foreign_local_authority" for n, t, _ in roles), roles


def test_words_before_a_country_are_not_a_foreign_town() -> None:
    """ "Séisme en Afghanistan" at the head of a text is no foreign dateline: "la Ville" stays
    the French council (a town-then-country reading only holds for a known town)."""
    from nlp.decision import analyse
    from nlp.syntax import parser

    title = "Séisme en Afghanistan : la Ville apporte son soutien aux victimes"
    text = (
        "Le conseil municipal de Montluçon a voté une aide d'urgence de 5 000 euros pour les "
        "victimes du séisme de la province d'Hérat."
    )
    kinds = {(a.name, a.type) for a in analyse(title, text, parser()).actors}
    assert ("la Ville", "collectivite") in kinds, kinds


def test_a_town_defined_by_a_noun_is_described_not_acting() -> None:
    """ "Bordeaux est la capitale mondiale du négoce": a town named bare as the subject of a
    copula and a noun is described; "Bordeaux verse 5 000 euros" acts."""
    described = _roles(
        "Les vins du Maule aux Chartrons",
        "Le conseil municipal a prêté la salle. « Bordeaux est la capitale mondiale du négoce "
        "et nous voulons y être », dit le gouverneur du Maule, au Chili.",
    )
    assert not any(n == "Bordeaux" and r == "agent" for n, _, r in described), described
    acting = _roles(
        "Bordeaux aide le Maule",
        "Le conseil municipal a voté lundi : Bordeaux verse 5 000 euros au Maule, au Chili.",
    )
    assert ("Bordeaux", "collectivite", "agent") in acting, acting


def test_a_brief_dated_by_a_french_town_keeps_its_council_words_french() -> None:
    """In a column of brèves, "MONTBRON. Jumelage. … la commune toscane jumelle de Montbron…
    réception à la mairie": the brève's dateline says whose "la mairie" it is; a brève dated
    abroad does not."""
    roles = _roles(
        "Pays d'Horte et Tardoire : en bref",
        "MONTBRON. Jumelage. Le comité accueillera une délégation de Roccastrada, la commune "
        "toscane jumelle de Montbron, conduite par son maire adjoint. La mairie offrira une "
        "réception samedi.\n\nÉCURAS. Randonnée. Marche nocturne vendredi.",
    )
    assert any(n == "La mairie" and t == "collectivite" for n, t, _ in roles), roles


def test_a_different_council_word_stays_french() -> None:
    """ "la ville roumaine de Bistrița… la mairie a accueilli": another word, the home council."""
    roles = _roles(
        "Trente ans d'amitié avec Bistrița",
        "Le jumelage entre Château-Gontier-sur-Mayenne et la ville roumaine de Bistrița a "
        "trente ans. Samedi, la mairie a "
        "accueilli une délégation de quinze Roumains pour l'anniversaire.",
    )
    assert ("la mairie", "collectivite", "agent") in roles, roles


def test_a_french_authority_acting_by_name_keeps_the_council_words_french() -> None:
    roles = _roles(
        "Coopération avec Bouaflé",
        "La Ville de Quimper renouvelle sa convention avec la Ville de Bouaflé, en Côte "
        "d'Ivoire. La Ville consacre 15 000 euros par an au centre de santé.",
    )
    assert any(n == "La Ville" and t == "collectivite" for n, t, _ in roles), roles


def test_a_town_fronted_with_a_is_where_it_happens() -> None:
    """ "À Toulouse, la Région Casablanca-Settat…": the parser makes the fronted town the root
    of a title; a root with "à" or "en" is a place, not an actor."""
    roles = _roles(
        "À Toulouse, la Région Casablanca-Settat cherche des investisseurs",
        "Le conseil régional de Casablanca-Settat a présenté mardi ses zones industrielles à une "
        "quarantaine de sous-traitants de l'aéronautique.",
    )
    assert not any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


def test_a_deputy_mayor_of_a_namesake_abroad_is_foreign() -> None:
    """ "la maire adjointe de Vienne, en Autriche": the office reaches its place past
    "adjointe", and a French commune's name followed by a foreign country is a namesake."""
    found = {
        (m.name, m.type)
        for m in find_actors(
            "La maire adjointe de Vienne, en Autriche, a détaillé le modèle viennois du logement."
        )
    }
    assert any(t == "foreign_local_authority" and "Vienne" in n for n, t in found), found
    assert not any(t == "collectivite" for _, t in found), found


def _gate(title: str, text: str) -> bool:
    from nlp.decision import analyse, features, gate_open
    from nlp.syntax import parser

    analysis = analyse(title, text, parser())
    return gate_open(features(analysis, 0.9), analysis)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Dakar accueille les rencontres de la coopération décentralisée",
            "Le ministère sénégalais des Collectivités territoriales organise à Dakar trois "
            "journées sur la coopération décentralisée et le transfert de compétences aux "
            "collectivités territoriales. Les collectivités locales sénégalaises y rencontreront "
            "leurs partenaires étrangers.",
        ),
        (
            "Une délégation coréenne des collectivités locales au Cameroun",
            "La délégation coréenne des collectivités locales, conduite par un vice-ministre, a "
            "rencontré à Yaoundé le ministre de la Décentralisation pour renforcer la "
            "coopération entre les collectivités locales des deux pays.",
        ),
        (
            "Dinant : trente ans de jumelage avec Nowy Targ",
            "La commune de Dinant, en Belgique, a célébré samedi ses trente ans de jumelage avec "
            "la ville de Nowy Targ, en Pologne. « Nous avons renouvelé la charte », indiquait le "
            "secrétaire du comité de jumelage, entouré de l'échevin des relations "
            "internationales.",
        ),
    ],
)
def test_nobody_french_in_particular_keeps_the_gate_shut(title: str, text: str) -> None:
    """Councils in the plural ("les collectivités territoriales" of a foreign ministry) and a
    twinning committee merely mentioned where a foreign town acts name no French council."""
    assert not _gate(title, text)


def test_a_french_council_with_its_committee_opens_the_gate() -> None:
    """The minimal pair of the Belgian twinning: a French town celebrating, its committee
    merely mentioned, still opens the gate."""
    assert _gate(
        "Redon : trente ans de jumelage avec Nowy Targ",
        "La commune de Redon a célébré samedi ses trente ans de jumelage avec la ville de Nowy "
        "Targ, en Pologne. « Nous avons renouvelé la charte », indiquait le secrétaire du "
        "comité de jumelage, entouré de l'adjointe aux relations internationales.",
    )


def test_the_lead_of_a_cued_title_is_a_key_sentence() -> None:
    """A title with an international cue states the fact; the lead tells it with its actors,
    though it carries no cue of its own. Without a cued title the lead stays what it is."""
    from nlp.decision import analyse

    lead = (
        "Voisins mais partenaires : c'est le pari que font depuis vingt ans le conseil "
        "départemental des Landes et son homologue d'outre-Bidassoa.\n\n"
        "La convention renouvelée lundi trace les projets jusqu'en 2030."
    )

    def inside(title: str) -> bool:
        analysis = analyse(title, lead)
        council = next(a for a in analysis.actors if a.code == "dep:40")
        return any(s.start <= council.start < s.end for s in analysis.international)

    assert inside("Coopération transfrontalière : vingt ans de projets avec le Guipuscoa")
    assert not inside("Les Landes et leur voisin : vingt ans de projets")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le jumelage Lestrem - Schwitten a cinquante ans.", "commune:62502"),
        ("Jumelage Plouay-Alpirsbach : trente ans d'amitié", "commune:56166"),
        ("La coopération Vakinankaratra/Auvergne entre dans sa vingtième année.", "reg:84"),
        ("Nombreux projets entre Pyrénées-Atlantiques et Gipuzkoa", "dep:64"),
        ("Les villes de Lestrem et Schwitten ont renouvelé leur serment.", "commune:62502"),
    ],
)
def test_a_side_of_a_partnership_pair_is_a_council(text: str, code: str) -> None:
    """A French territory paired with a foreign one after a partnership word is the council
    taking part, whatever its size (Lestrem has 4,500 inhabitants: bare, it would be a place)."""
    found = [m for m in find_actors(text) if m.code == code]
    assert found and found[0].type == "collectivite" and not found[0].bare, find_actors(text)


@pytest.mark.parametrize(
    "text",
    [
        "Quarante ans d'amitié entre Alsace et Savoie pour les deux harmonies.",
        "Le partenariat entre la commune du Centre-Bretagne et la cité burkinabè se poursuit.",
        "Défilé des harmonies des deux villes dans la rue Sainte-Croix.",
        "L'association lamballaise Amitié Bretagne-Ndé recevra une part des fonds.",
        "Rugby : quarante ans d'amitié entre Château-Gontier et Llandeilo",
    ],
)
def test_what_is_not_a_partnership_pair(text: str) -> None:
    """Two French territories, a hyphen inside a name, a body's name or a merged commune's
    longer name pair no council with a foreign one."""
    from nlp.pairs import paired

    assert paired(text) == []


def test_the_union_of_a_pair_is_not_the_commune() -> None:
    """ "…de l'AIMF et de l'Union européenne": L'Union (Haute-Garonne) only by its letters."""
    text = "Un don venant du fonds de coopération de l'AIMF et de l'Union européenne."
    assert not any(m.type == "collectivite" for m in find_actors(text)), find_actors(text)


def test_a_foreign_town_completing_a_noun_does_not_act() -> None:
    """ "Inondations à Porto", "les sinistrés de Porto": a foreign town named bare acts only as
    its clause's own argument; it stays among the actors, as mentioned."""
    roles = _roles(
        "Inondations à Porto : Lannion vote une aide d'urgence",
        "Le conseil municipal de Lannion a voté lundi 3 000 euros pour les sinistrés de Porto, "
        "où les images des rues dévastées ont ému les habitants.",
    )
    porto = {r for n, t, r in roles if n == "Porto" and t == "foreign_local_authority"}
    assert porto and "agent" not in porto, roles
    assert any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


@pytest.mark.parametrize(
    "text",
    [
        "Le GECT Hôpital de Cerdagne accueille des patients des deux côtés de la frontière.",
        "Port de Brest : le trafic de conteneurs progresse de 4 %.",
        "Le concert aura lieu en la cathédrale Saint-Étienne, dimanche à 17 heures.",
    ],
)
def test_common_words_and_churches_are_no_communes(text: str) -> None:
    """L'Hôpital, Le Port are communes whose bare name is a common word; a cathedral's saint
    is no town: none of them is a collectivité unless a cue names it."""
    assert not any(m.type == "collectivite" for m in find_actors(text)), find_actors(text)


def test_a_dioceses_twinning_committee_keeps_the_gate_shut() -> None:
    """Two dioceses' twinning, run by "un comité de jumelage", names no French council."""
    assert not _gate(
        "Le jumelage avec le diocèse de Kaya prend forme",
        "L'évêque de Nevers a reçu en octobre l'évêque de Kaya, au Burkina Faso, et sa "
        "délégation. La lettre d'intention pour le jumelage entre les deux diocèses a été signée "
        "après la messe. Depuis, un comité de jumelage prépare les premiers échanges.",
    )


@pytest.mark.parametrize(
    ("title", "acts"),
    [
        # the clause after the colon has a subject of its own: the town is where it happens
        ("Pithiviers : des élus marocains à l'école de l'irrigation", False),
        ("Biarritz : une saison portée par les Espagnols et les Américains", False),
        # … also after an adverbial
        ("Le Mans : avant la Roumanie, les marsouins font leurs adieux en musique", False),
        ("Le Mans : avant l'été, 10 000 euros pour les sinistrés de Gaza", True),
        # an amount or a verb after the colon: the town is the one acting
        ("Douarnenez : 5 000 euros pour les sinistrés de Gaza", True),
    ],
)
def test_a_town_before_a_titles_colon(title: str, acts: bool) -> None:
    """A French town named bare before a title's colon is the story's place when a noun
    phrase opens the clause after it, the actor when an amount or a verb does."""
    roles = _roles(title, "Le texte de l'article suit, sans autre acteur nommé.")
    agents = [name for name, t, r in roles if t == "collectivite" and r == "agent"]
    assert bool(agents) is acts, roles


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # a passive agent the parser hangs on a noun acts, unless its verb is negated
        ("La délégation a été reçue à l'hôtel de ville par la maire.", "la maire", "agent"),
        (
            "La délégation n'a pas été reçue à l'hôtel de ville par la maire.",
            "la maire",
            "mentioned",
        ),
        # "présents" after its copula is being there; the verb "présente" is an act
        (
            "Plusieurs élus municipaux, dont l'adjoint aux solidarités, étaient présents dans la "
            "salle, louée par l'association.",
            "élus municipaux",
            "mentioned",
        ),
        ("Le maire était présent lors de la visite de la délégation.", "Le maire", "mentioned"),
        ("La Ville présente son plan de coopération avec Dosso.", "La Ville", "agent"),
        # a second subject after a verb that has one before it is its object, misparsed
        (
            "« Les Tourangeaux connaissent Bruges, mais pas ses pistes cyclables. »",
            "Bruges",
            "mentioned",
        ),
    ],
)
def test_roles_read_without_part_of_speech_tags(sentence: str, name: str, role: str) -> None:
    """The tagger's pipeline parses without its morphologizer: verbs and predicates are told
    by their relations, not by part-of-speech tags."""
    from nlp.syntax import parser

    read = parser()([sentence])[0]
    start = sentence.index(name)
    assert read(start, start + len(name)) == role


def test_a_foreign_council_deciding_is_not_a_report_of_the_french_territory_named() -> None:
    """A foreign region's decision told beside an intercommunalité named by its territory
    ("dans le Cap Corse") is the foreign region's: the territory is no council, and the
    decision is not given to it as an unnamed report's author."""
    roles = _roles(
        "Montiferru : la Région sarde débloque 10 millions d'euros pour les villages brûlés",
        "Au lendemain de l'incendie, la Regione Autonoma della Sardegna a adopté mardi, à "
        "Cagliari, un plan d'urgence de dix millions d'euros pour les communes sinistrées.\n\n"
        "Depuis la Corse, les images ont rappelé le souvenir des grands feux de 2017 dans le Cap "
        "Corse.",
    )
    assert not any(t == "collectivite" and r == "agent" for _, t, r in roles), roles


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # a region's trains, with bogies made abroad: nothing foreign once the factory's
        # country is read as where things are made
        (
            "La Région commande huit nouveaux trains régionaux. Une partie des bogies sera "
            "fabriquée par un sous-traitant en Espagne.",
            True,
        ),
        # attractiveness that names the world names no country and still looks abroad
        ("La Métropole ouvre un guichet pour les chercheurs internationaux.", False),
        # tourism at home and a world heritage site are no look abroad
        (
            "Les élus ont présenté la promotion touristique commune du vignoble, inscrit au "
            "patrimoine mondial.",
            True,
        ),
    ],
)
def test_attractiveness_with_nothing_abroad_is_at_home(text: str, home: bool) -> None:
    from nlp.decision import _nothing_abroad, analyse

    assert _nothing_abroad(("attractiveness",), analyse("", text)) is home


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # abroad named by a continent or as the developing countries
        (
            "Le Syndicat des eaux subventionne les ONG qui accompagnent des collectivités "
            "d'Afrique et d'Asie.",
            False,
        ),
        ("La commune soutient un projet d'accès à l'eau dans les pays en développement.", False),
        # cooperation between French communes names nothing abroad
        ("La commune renforce sa coopération avec les communes voisines du canton.", True),
    ],
)
def test_cooperation_abroad_named_without_a_country(text: str, home: bool) -> None:
    from nlp.decision import _nothing_abroad, analyse

    assert _nothing_abroad(("cooperation",), analyse("", text)) is home


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # a council's head named by its territory, as the press does
        ("Le président du Grand Est se rendra au Québec.", "Grand Est", "reg:44"),
        ("La présidente de l'Occitanie signe avec la Catalogne.", "Occitanie", "reg:76"),
        ("Le vice-président du Calvados part au Québec.", "Calvados", "dep:14"),
        # a commune's hyphens dropped, as pages often write it
        (
            "Hérouville Saint Clair proposera une soirée des projets internationaux.",
            "Hérouville-Saint-Clair",
            "commune:14327",
        ),
        ("Le maire d'Aix en Provence reçoit son homologue.", "Aix-en-Provence", "commune:13001"),
    ],
)
def test_councils_as_the_press_names_them(text: str, name: str, code: str) -> None:
    assert (name, code) in {(m.name, m.code) for m in find_actors(text)}


def test_the_president_of_the_republic_is_not_a_council() -> None:
    assert not [m for m in find_actors("Le président de la République reçoit.") if m.code]


def test_a_saint_without_hyphens_is_not_a_commune() -> None:
    assert not [m for m in find_actors("La basilique Saint Denis accueille un concert.") if m.code]


def test_a_council_lending_a_hall_does_not_act() -> None:
    """Lending a hall to an association for its gala for Haiti is hosting someone else's
    action; voting a grant for Haiti is acting."""
    lent = _roles(
        "Conseil municipal : les décisions",
        "Le conseil accorde la gratuité de la salle Georges-Brassens à l'association Lunel "
        "Solidarité Haïti pour le gala qu'elle organise au profit du dispensaire de Jacmel.",
    )
    voted = _roles(
        "Conseil municipal : les décisions",
        "Le conseil municipal accorde une subvention de 3 000 euros au dispensaire de Jacmel, "
        "en Haïti, avec lequel la ville coopère depuis 2012.",
    )
    assert ("Le conseil", "collectivite", "mentioned") in lent, lent
    assert ("Le conseil municipal", "collectivite", "agent") in voted, voted


def test_a_venue_lent_is_named_before_its_lender() -> None:
    """The hall may come first ("les salons de l'hôtel de ville, que la municipalité avait
    prêtés") or stand inside "mis … à disposition": still only a venue."""
    lent = _roles(
        "Coopération universitaire",
        "Les présidents des universités de Perpignan et de Gérone ont signé mardi leur accord "
        "de double diplôme dans les salons de l'hôtel de ville, que la municipalité avait prêtés "
        "pour l'occasion.",
    )
    put = _roles(
        "Fête du Cap-Vert",
        "Le consulat du Cap-Vert a célébré la fête nationale ; la mairie de Nantes avait mis "
        "l'esplanade à disposition pour le concert.",
    )
    assert ("la municipalité", "collectivite", "agent") not in lent, lent
    assert not any(t == "collectivite" and r == "agent" for _, t, r in put), put


def test_an_unnamed_mayor_does_not_make_the_councils_foreign() -> None:
    """ "Reçue par le maire" after a foreign town's delegation: the mayor the analysis types
    foreign may be the host, so the twinning committee of the column is still French."""
    from nlp.decision import _someone_inside, analyse

    found = analyse(
        "Gers : les brèves",
        "MIRANDE. Tafalla fête vingt ans d'amitié avec la bastide\nUne délégation de "
        "l'Ayuntamiento de Tafalla, ville jumelle navarraise, sera reçue samedi à la mairie par "
        "le maire pour les vingt ans du jumelage. Le comité de jumelage organise une soirée "
        "dimanche.",
    )
    assert _someone_inside(found)


def test_the_council_whose_grant_is_received_acts() -> None:
    """ "Ont reçu une bourse du conseil départemental": the council owns the grant, so it gives
    it, even when the grant is what the young volunteers receive."""
    roles = _roles(
        "Volontariat",
        "Sept jeunes Ariégeois ont reçu mardi une bourse du conseil départemental de l'Ariège "
        "pour un an de volontariat au Pérou.",
    )
    assert any(t == "collectivite" and r == "agent" for _, t, r in roles), roles
