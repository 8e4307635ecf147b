"""Pages that are not articles yet: unrendered templates and JavaScript shells (issue 12, item 6).

Some sites send a template that the browser fills in: AngularJS/Vue/Handlebars placeholders
(``{{ctrl.content.title}}``), ``ng-bind`` shells, or an empty ``<div id="root"></div>`` for a
single-page application. Stored, such a page is an "article" whose title and text are markup.
:func:`unrendered_reason` says why a page is one of those (the spider counts it in health as
``unrendered`` with its URL and stores nothing), or None for a page with real text.
"""

from __future__ import annotations

import re

from parsel import Selector

#: ``{{ expression }}`` as left by client-side template engines (never in printed French).
PLACEHOLDER = re.compile(r"\{\{\s*[^{}\n]{1,200}?\s*\}\}")
#: Elements a client-side framework fills in: empty here means "not rendered".
_BINDINGS = (
    "@ng-bind or @ng-bind-html or @ng-bind-template or @v-html or @v-text "
    "or @x-text or @x-html or @data-bind"
)
_MOUNTS = (
    "@id='root' or @id='app' or @id='__next' or @id='__nuxt' or @id='___gatsby' "
    "or @ng-app or @data-ng-app or @ng-view or @data-reactroot"
)
#: Below this many characters of visible text a page with a mount point is an empty shell.
SHELL_TEXT = 250


def visible_text(sel: Selector) -> str:
    """The body's text as a reader sees it (no scripts, styles, templates, noscript)."""
    parts = sel.xpath(
        "//body//text()[not(ancestor::script or ancestor::style or ancestor::template "
        "or ancestor::noscript)]"
    ).getall()
    return " ".join(" ".join(parts).split())


def unrendered_reason(sel: Selector, title: str, text: str) -> str | None:
    """Why the page is unrendered template markup or a JavaScript shell; None when it is not.

    ``title`` and ``text`` are what extraction chose; placeholders there, or a visible text
    made mostly of them, mean the page was never rendered. A framework mount point or empty
    bindings with (almost) no visible text mean a JavaScript shell.
    """
    if PLACEHOLDER.search(title):
        return "template placeholders in the title"
    shown = visible_text(sel)
    placeholders = PLACEHOLDER.findall(shown)
    rest = PLACEHOLDER.sub(" ", shown)
    if PLACEHOLDER.search(text) and len(" ".join(PLACEHOLDER.sub(" ", text).split())) < SHELL_TEXT:
        return "template placeholders instead of text"
    if len(placeholders) >= 3 and sum(map(len, placeholders)) > len(" ".join(rest.split())) / 4:
        return "template placeholders instead of text"
    if len(text) < SHELL_TEXT and len(shown) < SHELL_TEXT:
        empty_binding = sel.xpath(f"//body//*[{_BINDINGS}][not(normalize-space())]")
        if empty_binding or sel.xpath(f"//*[{_MOUNTS}]"):
            return "JavaScript shell without text"
    return None
