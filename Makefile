# One command surface for developers and CI.
PY ?= .venv/bin/python
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: install run test test-fast lint typecheck check bench bench-text bench-embeddings bench-health bench-ingest bench-dashboard bench-recovery migration

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test,bench]'

run:
	.venv/bin/amends demo --serve

test:
	$(PY) -m pytest

test-fast:  ## the default suite without browser and slow tests
	$(PY) -m pytest -m "not browser and not slow"

lint:
	.venv/bin/ruff check amends tests benchmarks scripts

typecheck:
	.venv/bin/mypy amends

check: lint typecheck test

bench: bench-ingest bench-text bench-health bench-dashboard bench-recovery
	$(PY) scripts/benchmarks_report.py

bench-ingest:
	$(PY) benchmarks/ingest_api.py

bench-text:
	$(PY) benchmarks/text_eval.py

bench-embeddings:  ## needs the embeddings extra (see docs/embeddings.md)
	$(PY) benchmarks/embeddings_eval.py

bench-health:
	$(PY) benchmarks/bgnbd_cdnow.py && $(PY) benchmarks/churn_telco.py && $(PY) benchmarks/health_recompute.py

bench-dashboard:
	$(PY) benchmarks/dashboard_pages.py

bench-recovery:
	$(PY) benchmarks/alert_latency.py

migration:
	$(PY) scripts/make_migration.py "$(m)"
