"""The resolution table: SIREN, INSEE code, name + département, homonyms, councils, countries."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from storage.registers.resolve import CollectiviteIndex, CountryIndex

# (siren, insee, name, departement, kind) → code, or None with words of the reason
CASES = [
    (("244400404", "", "", "", ""), "epci:244400404"),
    (("24440040400013", "", "", "", ""), "epci:244400404"),  # a SIRET: its SIREN
    (("244 400 404", "", "Nantes Métropole", "", ""), "epci:244400404"),
    (("217500016", "", "", "", ""), None),  # a commune's SIREN: not in the reference
    (("", "73065", "", "", ""), "commune:73065"),
    (("", "1001", "", "", ""), "commune:01001"),  # Excel dropped the leading zero
    (("", "99999", "", "", ""), None),
    (("", "", "Saint-Denis", "93", ""), "commune:93066"),
    (("", "", "Saint-Denis", "974", ""), "commune:97411"),
    (("", "", "Saint-Denis", "Seine-Saint-Denis", ""), "commune:93066"),
    (("", "", "Saint-Denis", "974 - La Réunion", ""), "commune:97411"),
    (("", "", "Saint-Denis", "", ""), None),  # homonyms: the département is needed
    (("", "", "ST DENIS", "93", "Commune"), "commune:93066"),
    (("", "", "Ville de Chambéry", "", ""), "commune:73065"),
    (("", "", "Ville-devant-Belrain", "55", ""), "commune:55555"),  # "Ville" is its name
    (("", "", "Montreuil", "93", ""), "commune:93048"),
    (("", "", "Montreuil", "", ""), None),
    (("", "", "Chambéry", "75", ""), None),  # no Chambéry in Paris
    (("", "", "Chambéry", "99", ""), None),  # no such département
    (("", "", "Département de la Seine-Saint-Denis", "", ""), "dep:93"),
    (("", "", "Conseil départemental de l'Isère", "", ""), "dep:38"),
    (("", "", "Ain", "", "Département"), "dep:01"),
    (("", "", "Région Bretagne", "", ""), "reg:53"),
    (("", "", "Conseil régional d'Auvergne-Rhône-Alpes", "", ""), "reg:84"),
    (("", "", "Région Île-de-France", "", ""), "reg:11"),
    (("", "", "Métropole de Lyon", "", ""), "dep:69M"),
    (("", "", "Rennes Métropole", "", "EPCI"), "epci:243500139"),
    (("", "", "Nowhere-sur-Mer", "", ""), None),
    (("", "", "", "", ""), None),
]


@pytest.fixture
def index(engine: Engine) -> CollectiviteIndex:
    with engine.connect() as conn:
        return CollectiviteIndex.load(conn)


def test_resolution_table(index: CollectiviteIndex) -> None:
    got = [(args, index.resolve(*args)) for args, _ in CASES]
    for (args, expected), (_, found) in zip(CASES, got, strict=True):
        assert found.code == expected, (args, found)
        assert bool(found.reason) == (expected is None), (args, found)


def test_homonyms_say_which_departements(index: CollectiviteIndex) -> None:
    reason = index.resolve(name="Saint-Denis").reason
    assert "93" in reason and "974" in reason and "département" in reason


def test_countries(engine: Engine) -> None:
    with engine.connect() as conn:
        countries = CountryIndex.load(conn)
    assert countries.resolve("Sénégal") == ("SN", "")
    assert countries.resolve("SENEGAL")[0] == "SN"
    assert countries.resolve("Burkina Faso")[0] == "BF"
    assert countries.resolve("Viêt Nam")[0] == "VN"
    assert countries.resolve("MLI")[0] == "ML"
    assert countries.resolve("Guadeloupe")[0] is None
    assert countries.resolve("Atlantide") == (None, "unknown country 'Atlantide'")
