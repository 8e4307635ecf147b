"""The demo web: a deterministic synthetic French web (press titles and council sites) and a
loopback server for it, so the whole chain runs offline (``aict demo``, tests, benchmarks).

``generate.build_web`` composes pages from the team-written material in ``material/``;
``server.DemoWeb`` serves them on 127.0.10.N and writes a sources file for ``aict crawl``.
"""
