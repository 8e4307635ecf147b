"""The weekly coverage digest: content (pure, typed) → rendering (Jinja2, css-inline, charts) →
message (checked headers) → exactly-once sending through the ``digest_outbox`` table.

Entry points: :func:`digest.send.send_week` (Airflow DAG, ``aict digest --send``) and
:func:`digest.send.national_html` (``aict digest --out``, ``aict demo``). See docs/digest.md.
"""
