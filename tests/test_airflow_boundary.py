"""Only ``dags/`` and ``orchestration/`` import Airflow (issue 14 item 2).

The pipeline's packages run without Airflow (the CLI, the demo, the benchmarks); the DAG files
wire them and ``orchestration/`` adapts them. Tests of that layer (``tests/dags/``) may import
Airflow too. Any other module importing ``airflow`` — at the top or inside a function — fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = ("dags", "orchestration", "tests/dags")
SKIPPED = (".venv", ".git", ".airflow", ".airflow-demo", ".airflow-celery", "aict-demo", "build")


def _imports_airflow(path: Path) -> list[int]:
    """Lines of ``path`` that import ``airflow`` or one of its modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "airflow" or name.startswith("airflow.") for name in names):
            lines.append(node.lineno)
    return lines


def _project_modules() -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in SKIPPED or rel.parts[0].endswith(".egg-info"):
            continue
        if any(rel.as_posix().startswith(f"{allowed}/") for allowed in ALLOWED):
            continue
        found.append(path)
    return found


def test_only_dags_and_orchestration_import_airflow() -> None:
    modules = _project_modules()
    assert any(p.relative_to(ROOT).parts[0] == "cli" for p in modules)  # the walk sees the code
    offenders = [
        f"{path.relative_to(ROOT)}:{line}" for path in modules for line in _imports_airflow(path)
    ]
    assert offenders == [], f"airflow imported outside dags/ and orchestration/: {offenders}"


def test_the_check_sees_a_function_level_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from airflow.sdk import Connection\n    import os\n")
    assert _imports_airflow(module) == [2]
