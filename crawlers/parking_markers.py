"""Data: what a parked or for-sale domain page says (A21), read by :mod:`crawlers.quarantine`.

Phrases are matched on the page's visible text after folding (lower case, accents removed,
typographic apostrophes made plain, whitespace collapsed), so they are written folded here.
Provider hosts are matched in the raw HTML (parking pages load their ads and "make an offer"
forms from these services). Both only count on a short page: a real article may well say
"ce domaine est à vendre" about a vineyard.
"""

from __future__ import annotations

#: A page with more visible words than this is never taken for a parking page.
MAX_PARKING_WORDS = 200

#: Folded phrases of registrar placeholders and domain resale pages, French then English.
PARKING_PHRASES: tuple[str, ...] = (
    "ce domaine est a vendre",
    "ce domaine est en vente",
    "ce nom de domaine est a vendre",
    "ce nom de domaine est en vente",
    "nom de domaine a vendre",
    "acheter ce nom de domaine",
    "acheter ce domaine",
    "ce nom de domaine a expire",
    "ce nom de domaine est parque",
    "ce domaine est parque",
    "page de parking",
    "domain is for sale",
    "domain may be for sale",
    "domain name is for sale",
    "buy this domain",
    "this domain has expired",
    "this domain is parked",
    "this web page is parked",
    "parked free, courtesy of",
)

#: Hosts of domain parking and resale services (sedo, bodis, parkingcrew, dan.com, …).
PARKING_HOSTS: tuple[str, ...] = (
    "sedoparking.com",
    "sedo.com",
    "bodis.com",
    "parkingcrew.net",
    "dan.com",
    "afternic.com",
    "hugedomains.com",
    "domainmarket.com",
    "undeveloped.com",
    "parklogic.com",
)
