"""The cookbook scenario (tests/measure/cookbook_scenario.py) plus small register files in their
published layouts, written for these tests; the views' answers are worked out by hand in
tests/measure/test_registers_views.py.

Atlas 2024 (an older snapshot): Chambéry – Ouahigouya (BF, LDC), Annecy – Kayes (ML, LDC),
Chambéry – Marrakech (MA). Atlas 2026 (the latest: its projects become actions): the same three,
Annecy – Kyoto (JP) and Aix-les-Bains – Dori (BF, LDC). APD 2026: Chambéry 12,000 € to BF and
3,000 € to MA, Annecy 8,000 € to ML and 1,000 € not allocated, Aix-les-Bains 2,500 € to BF,
Brest 5,000 € to CM. Budgets 2026: Chambéry voted 20,000 € (BP) and spent 18,500 € (CA), with
4,000 € of revenue; Annecy voted 9,000 € (BP only); one line of another function (skipped).
Measured again as of 16 November 2026.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from measure.run import run_measure
from storage.registers import import_register
from tests.measure.cookbook_scenario import AS_OF, build

ATLAS_HEADER = (
    "Collectivité française,Type de collectivité,Département,Code INSEE,SIREN collectivité,"
    "Collectivité partenaire,Pays,Intitulé du projet,Thématiques,Année de début,Année de fin"
)
ATLAS_2024 = [
    "Chambéry,Commune,73,73065,,Ouahigouya,Burkina Faso,Eau potable,Eau,2020,",
    "Annecy,Commune,74,74010,,Kayes,Mali,Santé maternelle,Santé,2022,",
    "Chambéry,Commune,73,73065,,Marrakech,Maroc,Patrimoine de la médina,Culture,2023,",
]
ATLAS_2026 = [
    *ATLAS_2024,
    "Annecy,Commune,74,74010,,Kyoto,Japon,Échanges universitaires,Enseignement,2024,",
    "Aix-les-Bains,Commune,73,73008,,Dori,Burkina Faso,Maraîchage,Agriculture,2025,",
]
APD_HEADER = "Année;Collectivité;Département;SIREN;Pays bénéficiaire;Type d'aide;Montant (€)"
APD_2026 = [
    "2026;Chambéry;73;;Burkina Faso;Projet de coopération décentralisée;12\xa0000,00 €",
    "2026;Chambéry;73;;Maroc;Projet de coopération décentralisée;3\xa0000,00 €",
    "2026;Annecy;74;;Mali;Aide d'urgence;8\xa0000,00 €",
    "2026;Annecy;74;;Non ventilé;Subvention à une ONG;1\xa0000,00 €",
    "2026;Aix-les-Bains;73;;Burkina Faso;Projet de coopération décentralisée;2\xa0500,00 €",
    "2026;Brest;29;;Cameroun;Projet de coopération décentralisée;5\xa0000,00 €",
]
BUDGETS_HEADER = (
    "BGT_NATDEC;BGT_ANNEE;BGT_SIRET;BGT_NOM;Code INSEE;BGT_NATURE;BGT_FONCTION;"
    "BGT_FONCTION_LABEL;BGT_SECTION;BGT_CODRD;BGT_MTREAL;BGT_MTPREV"
)
BUDGETS_2026 = [
    "BP;2026;;VILLE DE CHAMBERY;73065;6574;048;Autres actions internationales;F;D;;20000",
    "CA;2026;;VILLE DE CHAMBERY;73065;6574;048;Autres actions internationales;F;D;18500;20000",
    "CA;2026;;VILLE DE CHAMBERY;73065;7478;048;Autres actions internationales;F;R;4000;4000",
    "BP;2026;;VILLE D'ANNECY;74010;6574;048;Autres actions internationales;F;D;;9000",
    "BP;2026;;VILLE D'ANNECY;74010;6574;020;Administration générale;F;D;;50000",
]


def write_registers(tmp_dir: Path) -> list[tuple[str, Path]]:
    """The register files of the scenario, as (register, path), in import order."""
    files = [
        ("atlas", "atlas_2024.csv", ATLAS_HEADER, ATLAS_2024, "utf-8", "\n"),
        ("atlas", "atlas_2026.csv", ATLAS_HEADER, ATLAS_2026, "utf-8", "\n"),
        ("apd", "apd_2026.csv", APD_HEADER, APD_2026, "cp1252", "\r\n"),
        ("budgets", "budgets_2026.csv", BUDGETS_HEADER, BUDGETS_2026, "utf-8", "\n"),
    ]
    out = []
    for register, name, header, rows, encoding, newline in files:
        path = tmp_dir / name
        path.write_bytes(newline.join([header, *rows, ""]).encode(encoding))
        out.append((register, path))
    return out


def build_with_registers(engine: Engine, tmp_dir: Path) -> dict[str, str]:
    """The cookbook scenario, the registers imported, measured again as of :data:`AS_OF`."""
    ids = build(engine, tmp_dir)
    for register, path in write_registers(tmp_dir):
        import_register(engine, register, str(path))
    run_measure(engine, AS_OF)
    return ids
