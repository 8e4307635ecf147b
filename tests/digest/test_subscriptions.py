"""Subscriptions YAML and --to: strict validation, one readable error."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.subscriptions import load_subscriptions, parse_subscriptions, recipients_from_to


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "subs.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_design_example_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """subscriptions:
  - email: elue@example.org
    name: Mme la maire
    territories: ["commune:73065", "dep:73"]
    objects: ["cooperation", "emergency"]
  - email: Partenaire@Example.ORG
""",
    )
    first, second = load_subscriptions(path)
    assert first.email == "elue@example.org"
    assert first.name == "Mme la maire"
    assert first.territories == ("commune:73065", "dep:73")
    assert first.objects == ("cooperation", "emergency")
    assert second.email == "partenaire@example.org"
    assert second.territories == () and second.objects == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"email": "a@example.org", "mail": "x"}, "unknown key 'mail'"),
        ({"name": "x"}, "'email' is required"),
        ({"email": "a@example.org", "territories": ["73"]}, "invalid territory '73'"),
        ({"email": "a@example.org", "territories": "dep:73"}, "must be a list"),
        ({"email": "a@example.org", "objects": ["sport"]}, "unknown object 'sport'"),
        ({"email": "not-an-address"}, "invalid"),
        ({"email": "a@example.org\r\nBcc: x@evil.example"}, "invalid"),
        ({"email": "=?utf-8?q?x=0ABcc:_evil@x?=@example.org"}, "invalid"),
    ],
)
def test_bad_entries_are_one_clear_error(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="subscription 1") as info:
        parse_subscriptions({"subscriptions": [entry]})
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_unknown_top_level_key_and_duplicates() -> None:
    with pytest.raises(ValueError, match="single top-level key"):
        parse_subscriptions({"subscriptions": [{"email": "a@example.org"}], "smtp": "x"})
    with pytest.raises(ValueError, match="listed twice"):
        parse_subscriptions(
            {"subscriptions": [{"email": "a@example.org"}, {"email": "A@example.org"}]}
        )


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"subs.yaml: line \d+ invalid YAML"):
        load_subscriptions(write(tmp_path, "subscriptions:\n  - email: [a\n"))


def test_to_list_is_validated_and_unfiltered() -> None:
    subs = recipients_from_to("a@example.org, b@example.org,a@example.org")
    assert [s.email for s in subs] == ["a@example.org", "b@example.org"]
    assert all(not s.territories and not s.objects for s in subs)
    with pytest.raises(ValueError):
        recipients_from_to("a@example.org,evil\n@example.org")
