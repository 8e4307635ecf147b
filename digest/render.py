"""Render a :class:`~digest.content.DigestContent` to inlined-CSS HTML and text/plain.

Autoescaping is switched on explicitly for every template (P-F1: ``select_autoescape()`` leaves
``*.html.j2`` unescaped). The text template goes through the same escaping environment and is
then unescaped as a whole: text/plain is never parsed as HTML, and one environment means no
template can be rendered without escaping by mistake. Links reach ``href`` only through
:func:`digest.links.http_url` (done when the content is built). CSS is inlined with css-inline
because many mail clients drop ``<style>`` blocks.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import css_inline
from babel.numbers import format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from digest.charts import trend_chart
from digest.content import DigestContent
from digest.links import report_error_url
from digest.period import LOCALE
from storage.labels import number, plural

TEMPLATES = Path(__file__).with_name("templates")
CHART_CID = "trend-chart@aict-digest"
MAX_HTML_BYTES = 100_000


@dataclass(frozen=True)
class Rendered:
    """A rendered digest: HTML (CSS inlined, images by CID), text/plain and the images."""

    html: str
    text: str
    images: dict[str, bytes]


def percent(value: float | None) -> str:
    """French percentage ``25 %`` (``—`` when undefined)."""
    return "—" if value is None else format_percent(value, locale=LOCALE)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=number, percent=percent)
    env.globals.update(plural=plural, report_error_url=report_error_url)
    return env


def render(content: DigestContent, unsubscribe: str, *, chart: bool = True) -> Rendered:
    """The HTML and text parts of ``content``; ``unsubscribe`` is the address to write to."""
    env = environment()
    images = {CHART_CID: trend_chart(content.trends)} if chart and content.trends else {}
    context = {"d": content, "unsubscribe": unsubscribe, "chart_cid": CHART_CID if images else None}
    page = env.get_template("digest.html.j2").render(context)
    inlined = css_inline.inline(page)
    text = html.unescape(env.get_template("digest.txt.j2").render(context))
    return Rendered(html=inlined, text=text, images=images)


def standalone_html(rendered: Rendered) -> str:
    """The HTML with CID images replaced by data: URIs, for ``--out`` files and previews."""
    page = rendered.html
    for cid, data in rendered.images.items():
        uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        page = page.replace(f'src="cid:{cid}"', f'src="{uri}"')
    return page
