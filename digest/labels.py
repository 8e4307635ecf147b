"""French wording used by the digest: object names, feed statuses. Data only, no logic."""

from __future__ import annotations

#: Object id → heading in the digest (taxonomy.md, section 2).
OBJECT_LABELS: dict[str, str] = {
    "cooperation": "Coopération décentralisée et solidarité internationale",
    "attractiveness": "Attractivité et rayonnement",
    "emergency": "Urgence humanitaire",
    "twinning": "Jumelages",
    "european": "Coopération européenne et transfrontalière",
    "delegation": "Délégations et missions",
    "networks": "Réseaux et agenda mondial",
    "citizenship": "Éducation à la citoyenneté mondiale",
}

#: Object id → short label for chart axes.
OBJECT_SHORT: dict[str, str] = {
    "cooperation": "Coopération",
    "attractiveness": "Attractivité",
    "emergency": "Urgence",
    "twinning": "Jumelages",
    "european": "Europe",
    "delegation": "Délégations",
    "networks": "Réseaux",
    "citizenship": "Citoyenneté",
}

#: Feed status (v_source_health) → what a reader is told.
STATUS_LABELS: dict[str, str] = {
    "error": "erreurs de collecte",
    "disallowed": "collecte interdite par le site (robots.txt)",
    "refused": "adresse refusée par la politique réseau",
    "backoff": "en pause après des échecs répétés",
    "pending": "jamais collecté",
    "disabled": "collecte désactivée",
    "incomplete": "semaine incomplète (jours sans collecte)",
}

#: Statuses that do not need explaining to a reader.
HEALTHY_STATUSES = frozenset({"ok", "not_modified"})
