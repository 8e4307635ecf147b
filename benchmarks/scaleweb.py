"""A loopback web at all-France scale for ``bench_scale.py``: thousands of council sites and
the regional press, each on its own address, publishing on a clock the benchmark drives.

Every site listens on its own loopback address (councils ``127.1.x.y``, press ``127.2.0.x``,
one listening socket each, one asyncio loop for all), so the crawler meets what it meets in
production: one robots.txt, one download slot and one politeness delay per site. What a site
publishes is a pure function of its number and of the web's clock (``/_clock`` on the control
address moves it), so a feed polled twice at the same moment answers the same thing, and the
publication time of every item is known in advance (it is in the page's metadata too).
A live web (``WebShape.live``, ``bench_scale_celery.py``) follows the real UTC time instead:
the Airflow deployment's crawls run on real time. ``/_stats`` on the control address answers
the requests served so far per kind of site, as JSON.

Every site's homepage declares its feed (``bench_discovery.py`` discovers them).
Site traits, by number (a fixed share of the councils each): failing (HTTP 500 on the feed),
slow (every answer delayed), blocked by robots.txt. Councils publish 1–5 items a week; each press
title publishes ``press_per_day / titles`` articles a day, spread evenly with jitter.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from dataclasses import dataclass
from email.utils import format_datetime

WEEK = 7 * 86_400
CONTROL_HOST = "127.0.0.1"

FILLER = (
    "Le conseil a examiné les dossiers inscrits à l'ordre du jour de la séance.",
    "Les travaux de voirie se poursuivent dans le quartier de la gare jusqu'à la fin du mois.",
    "La médiathèque ouvre un nouvel espace consacré aux jeux de société et au numérique.",
    "Une réunion publique présentera le projet de réaménagement de la place du marché.",
    "Le club local a fêté ses cinquante ans en présence de nombreux anciens joueurs.",
    "Les inscriptions aux activités périscolaires sont ouvertes en mairie et en ligne.",
)


@dataclass(frozen=True)
class WebShape:
    """How many sites of each kind, and how often they publish."""

    councils: int = 5_000
    press: int = 48
    press_per_day: int = 5_000
    start: dt.datetime = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)  # a Monday
    slow_delay: float = 1.5
    live: bool = False  # the clock is the real UTC time (``/_clock`` is then ignored)

    def council_ip(self, i: int) -> str:
        return f"127.1.{i // 250}.{i % 250 + 1}"

    def press_ip(self, p: int) -> str:
        return f"127.2.{p // 250}.{p % 250 + 1}"


def is_failing(i: int) -> bool:
    return i % 33 == 0  # 3 % of the councils answer 500 on their feed


def is_slow(i: int) -> bool:
    return i % 20 == 1  # 5 % answer every request late


def is_blocked(i: int) -> bool:
    return i % 50 == 2  # 2 % forbid everything in robots.txt


def council_items(shape: WebShape, i: int, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """``(path, published)`` of council ``i``'s items published by ``now``, newest first."""
    per_week = 1 + (i * 7_919) % 5
    elapsed = (now - shape.start).total_seconds()
    items = []
    for week in range(int(elapsed // WEEK) + 1):
        rng = random.Random(i * 1_000 + week)
        for j in range(per_week):
            published = shape.start + dt.timedelta(seconds=week * WEEK + rng.randrange(WEEK))
            if published <= now:
                items.append((f"/actu/{week}-{j}", published))
    return sorted(items, key=lambda x: x[1], reverse=True)[:20]


def press_items(shape: WebShape, p: int, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """``(path, published)`` of title ``p``'s last 50 articles published by ``now``."""
    step = 86_400 * shape.press // shape.press_per_day  # seconds between two articles
    elapsed = int((now - shape.start).total_seconds())
    last = elapsed // step
    items = []
    for j in range(max(0, last - 60), last + 1):
        jitter = random.Random(p * 1_000_003 + j).randrange(step)
        published = shape.start + dt.timedelta(seconds=j * step + jitter)
        if published <= now:
            items.append((f"/a/{j}", published))
    return sorted(items, key=lambda x: x[1], reverse=True)[:50]


def rss(base: str, items: list[tuple[str, dt.datetime]]) -> bytes:
    entries = "".join(
        f"<item><title>Article {path}</title><link>{base}{path}</link>"
        f"<guid>{base}{path}</guid><pubDate>{format_datetime(published)}</pubDate></item>"
        for path, published in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()


def article(site: str, path: str, published: dt.datetime) -> bytes:
    rng = random.Random(f"{site}{path}")
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(FILLER) for _ in range(4)) + "</p>" for _ in range(5)
    )
    title = f"Actualité {site} {path.rsplit('/', 1)[-1]} : la vie de la commune"
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
        f"<body><nav><a href='/'>Accueil</a></nav><main><article><h1>{title}</h1>{paragraphs}"
        "</article></main><footer>Mentions légales</footer></body></html>"
    ).encode()


def homepage(n: int) -> bytes:
    """A site's homepage: it declares its feed, as most CMS do, and links its news page."""
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Site '
        f'{n}</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
        "<body><nav><a href='/actu'>Actualités</a></nav><main><p>Bienvenue</p></main></body>"
        "</html>"
    ).encode()


class ScaleWeb:
    """The web's state and its answers; ``serve`` runs it in the calling process."""

    def __init__(self, shape: WebShape) -> None:
        self.shape = shape
        self.now = shape.start
        self.by_ip: dict[str, tuple[str, int]] = {}
        for i in range(shape.councils):
            self.by_ip[shape.council_ip(i)] = ("council", i)
        for p in range(shape.press):
            self.by_ip[shape.press_ip(p)] = ("press", p)
        self.requests = 0
        self.by_kind = {"council": 0, "press": 0}

    def clock(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) if self.shape.live else self.now

    def answer(self, ip: str, port: int, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for ``path`` on the site at ``ip``."""
        kind, n = self.by_ip[ip]
        self.by_kind[kind] += 1
        now = self.clock()
        base = f"http://{ip}:{port}"
        if path == "/robots.txt":
            blocked = kind == "council" and is_blocked(n)
            return 200, "text/plain", b"User-agent: *\nDisallow: /\n" if blocked else b""
        items = (
            council_items(self.shape, n, now)
            if kind == "council"
            else press_items(self.shape, n, now)
        )
        if path == "/":  # what discovery reads first (bench_discovery.py)
            return 200, "text/html; charset=utf-8", homepage(n)
        if path == "/rss.xml":
            if kind == "council" and is_failing(n):
                return 500, "text/plain", b"erreur interne"
            return 200, "application/rss+xml", rss(base, items)
        for item_path, published in items:
            if item_path == path:
                return 200, "text/html; charset=utf-8", article(ip, path, published)
        return 404, "text/plain", b""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        ip, port = writer.get_extra_info("sockname")[:2]
        try:
            while request := await reader.readline():
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                path = request.split()[1].decode()
                self.requests += 1
                if ip == CONTROL_HOST and path == "/_stats":
                    status, kind, body = 200, "application/json", json.dumps(self.by_kind).encode()
                elif ip == CONTROL_HOST:
                    self.now = dt.datetime.fromisoformat(path.removeprefix("/_clock/"))
                    status, kind, body = 200, "text/plain", b"ok"
                else:
                    status, kind, body = self.answer(ip, port, path)
                    if self.by_ip[ip][0] == "council" and is_slow(self.by_ip[ip][1]):
                        await asyncio.sleep(self.shape.slow_delay)
                head = (
                    f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                )
                writer.write(head.encode() + body)
                await writer.drain()
        except (ConnectionError, IndexError, ValueError):
            pass
        finally:
            writer.close()


def serve(shape: WebShape, port_out: object) -> None:
    """Child process: listen on every site's address (one port for all) until terminated."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    web = ScaleWeb(shape)

    async def main() -> None:
        control = await asyncio.start_server(web.handle, CONTROL_HOST, 0, backlog=64)
        port = control.sockets[0].getsockname()[1]
        sites = await asyncio.start_server(web.handle, list(web.by_ip), port, backlog=64)
        port_out.put(port)  # type: ignore[attr-defined]
        async with control, sites:
            await asyncio.gather(control.serve_forever(), sites.serve_forever())

    asyncio.run(main())
