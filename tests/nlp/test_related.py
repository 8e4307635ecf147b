"""Links to other articles left by extraction are not the text's facts (nlp/related.py)."""

from __future__ import annotations

from nlp.related import strip_related

MARKET = (
    "Le marché de Noël ouvre samedi place Saint-Corentin avec quarante chalets et une patinoire."
)
BLOCK = (
    "À lire aussi\n"
    "Jumelage : une délégation de Quimper reçue à Remscheid pour les 50 ans\n"
    "Guerre en Ukraine : le conseil municipal vote une aide de 10 000 euros\n"
)
AFTER = "Les chalets resteront ouverts jusqu'au 31 décembre, de 11 heures à 20 heures."


def test_a_header_and_the_headlines_after_it_go() -> None:
    assert strip_related(f"{MARKET}\n{BLOCK}{AFTER}") == f"{MARKET}\n{AFTER}"


def test_a_single_read_also_line_goes() -> None:
    text = (
        f"{MARKET}\nLire aussi : Vannes signe un jumelage avec la ville irlandaise de Cork\n{AFTER}"
    )
    assert strip_related(text) == f"{MARKET}\n{AFTER}"


def test_video_playlists_go() -> None:
    text = (
        f"{MARKET}\nAutres vidéos\n-\n05:03Monde - Russie: la descente aux enfers d'un professeur\n"
        "03:34Monde - Donald Trump multiplie les entretiens sur l'Ukraine"
    )
    assert strip_related(text) == MARKET


def test_a_sites_other_contributions_go() -> None:
    text = (
        f"{MARKET}\nAutres contributions\n- Jobs d'été dans le cadre du jumelage\n"
        "- Semaine allemande pour 18 jeunes de Fouesnant"
    )
    assert strip_related(text) == MARKET


def test_prose_after_a_header_ends_the_block() -> None:
    prose = (
        "Le conseil municipal a voté lundi une aide de 5 000 euros pour les sinistrés du séisme "
        "au Maroc, versée au fonds de Cités Unies France."
    )
    text = f"{MARKET}\nSur le même sujet :\nUn autre titre sans point\n\n{prose}"
    assert strip_related(text) == f"{MARKET}\n\n{prose}"


def test_a_sentence_that_only_starts_like_a_header_stays() -> None:
    text = "À lire aussi dans le bulletin municipal, le compte rendu du voyage à Remscheid."
    assert strip_related(text) == text


def test_another_storys_headlines_do_not_make_the_page_aict(tag_one) -> None:  # type: ignore[no-untyped-def]
    record = tag_one(f"{MARKET}\n{BLOCK}{AFTER}", "Quimper : le marché de Noël ouvre samedi")
    assert not record["is_aict"]
