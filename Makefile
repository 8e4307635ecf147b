# Two commands on a fresh machine: `make demo` (the main job) and `make test`.
# Both create .venv with the machine's python3 and install the project from the registry.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install test test-deployment lint typecheck demo airflow airflow-demo airflow-celery train bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The pip the venv brings (23.2 with Python 3.11), never upgraded: CI's install is the
	# proof that the declared dependencies install with it (issue 12, docs/crawling.md).
	$(BIN)/python -m pip --version
	# Compiled at install (no --no-compile): machines that set PYTHONDONTWRITEBYTECODE would
	# otherwise compile every imported module again in every process (docs/decisions.md).
	$(BIN)/python -m pip install -q -e '.[dev,airflow]'
	# The tagger's start cache (spaCy's compiled French pattern, place indexes): ~3 s less for
	# every process that meets its first candidate (nlp/startcache.py, docs/tagger.md).
	$(BIN)/python -m nlp.startcache
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .

# mypy on the packaged code, configured in pyproject.toml [tool.mypy] (~20 s cold, cache .mypy_cache).
typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/pytest

# The Celery deployment killed mid-crawl (~6 min; PostgreSQL and Redis), the Ctrl+C typed into
# `make airflow-demo` (~1 min), a crawl stopped by both timeouts, Ctrl+C and its task's death
# (~1 min), the whole `aict demo --small` (~1.5 min), the full-size registry build and the
# actors model's gate: kept out of `make test` so CI stays under 20 minutes, run here and by
# `make bench`.
test-deployment: $(STAMP)
	$(BIN)/pytest -m deployment tests/dags/test_airflow_celery.py tests/dags/test_airflow_stop.py \
		tests/dags/test_ops_jobs.py tests/cli/test_demo.py tests/crawlers/test_registry_full.py \
		tests/nlp/test_gate.py

demo: $(STAMP)
	$(BIN)/aict demo --dir aict-demo

airflow: $(STAMP)
	./scripts/airflow-standalone.sh

# The same Airflow on the demo web, with a home and a database of its own (.airflow-demo/).
airflow-demo: $(STAMP)
	./scripts/airflow-demo.sh

# docker-compose.yml's topology as local processes: CeleryExecutor on the machine's PostgreSQL
# and Redis, two workers (.airflow-celery/; settings shared with compose: deploy/airflow.env).
airflow-celery: $(STAMP)
	./scripts/airflow-celery.sh

train: $(STAMP)
	$(BIN)/python -m nlp.training.train
	$(BIN)/python -m nlp.evaluate --model actors --markdown

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_storage
	$(BIN)/python -m benchmarks.bench_tagging
	$(BIN)/python -m benchmarks.bench_crawl
	$(BIN)/python -m benchmarks.bench_measure
	$(BIN)/python -m benchmarks.bench_digest
	$(BIN)/python -m benchmarks.bench_scale
	$(BIN)/python -m benchmarks.bench_discovery
	$(BIN)/pytest -m deployment tests/dags/test_airflow_celery.py tests/dags/test_airflow_stop.py \
		tests/dags/test_ops_jobs.py tests/cli/test_demo.py tests/crawlers/test_registry_full.py \
		tests/nlp/test_gate.py

clean:
	rm -rf $(VENV) aict-demo .pytest_cache .ruff_cache .mypy_cache
