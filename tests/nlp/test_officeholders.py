"""Issue 11 item 1: the people named in apposition to an office take that actor's type
(nlp/officeholders.py). Every text here was written for these tests."""

from __future__ import annotations

import pytest

from nlp.actors import find_actors
from nlp.officeholders import officeholders
from nlp.record import Actor, is_french_actor

CASES = [
    # Office and actor before the person, closed by a comma.
    (
        "Le maire, Patrick Durand, a reçu la délégation de Verden.",
        {"Patrick Durand": "collectivite"},
    ),
    # Office after the person: a foreign town's.
    (
        "« Voilà un jumelage », a lancé Heinrich Brandes, Bürgermeister de Verden, en levant son verre.",
        {"Heinrich Brandes": "foreign_local_authority"},
    ),
    # A long office between the actor and the comma.
    (
        "La vice-présidente de la Région Bretagne chargée de l'Europe, Anne Morel, a signé.",
        {"Anne Morel": "collectivite"},
    ),
    # The State's man.
    (
        "Le nouvel ambassadeur du Japon en France, Hiroshi Kanemura, a visité l'usine.",
        {"Hiroshi Kanemura": "foreign_state"},
    ),
    # No office word: a name beside an actor is not its officeholder.
    (
        "La Ville de Vitré a accueilli Patrick Durand, venu en voisin.",
        {},
    ),
    # Another sentence: not in apposition.
    ("Le maire de Vitré était présent. Patrick Durand, lui, a filmé.", {}),
    # A place or an actor already found is not a person.
    (
        "Le maire de Saint-Malo, Gilles Le Goff, a reçu le préfet.",
        {"Gilles Le Goff": "collectivite"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_officeholders_take_their_actors_type(text: str, expected: dict[str, str]) -> None:
    people = officeholders(text, find_actors(text))
    assert {p.name: p.type for p in people} == expected
    assert all(p.person for p in people)


def test_persons_are_not_counted_as_councils() -> None:
    """The digest and the action register read councils: a mayor is not a second council."""
    mayor = Actor("Patrick Durand", "commune:35360", "collectivite", "agent", person=True)
    assert mayor.to_json()["person"] is True and not mayor.is_french
    assert not is_french_actor(mayor.to_json())
    assert "person" not in Actor("Vitré", "commune:35360").to_json()
    assert Actor.from_json(mayor.to_json()) == mayor


def test_a_correction_that_removes_a_council_removes_its_officeholders() -> None:
    from storage.corrections import _actors

    machine = [
        Actor("Vitré", "commune:35360").to_json(),
        Actor("Patrick Durand", "commune:35360", person=True).to_json(),
        Actor("Heinrich Brandes", None, "foreign_local_authority", "partner", True).to_json(),
    ]
    kept = _actors(machine, ["commune:35238"], {"commune:35238": "Rennes"})
    assert [a["name"] for a in kept] == ["Heinrich Brandes", "Rennes"]
