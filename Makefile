# Two commands matter: `make demo` and `make test`. Everything installs itself into .venv.
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
DEMO   := build/demo
SEED   ?= 11

.PHONY: install demo test eval bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## demo: generate a labelled two-day log, scan it, print the ranked alerts and their score, write the HTML report
demo: install
	$(PY) -m sample_logs.generate --seed $(SEED) --days 2 --staff 200 --out $(DEMO)/access.log --labels $(DEMO)/labels.json
	$(BIN)/detector scan $(DEMO)/access.log --out $(DEMO)/scan --timezone America/Los_Angeles
	$(PY) -m detector.evaluate.score_scan $(DEMO)/scan $(DEMO)/labels.json
	$(BIN)/detector report $(DEMO)/scan

## test: the whole test suite
test: install
	$(BIN)/pytest

## eval: precision/recall/AP on fresh generated logs and AUCs on the real labelled sets
eval: install
	$(PY) -m detector.evaluate

## bench: scan speed and peak memory on generated 2M and 10M-line logs beside GoAccess (-> BENCHMARKS.md),
## then the live service's HTTP ingest rate and alert delay
bench: install
	$(PY) -m detector.bench
	$(PY) -m service.bench

clean:
	rm -rf build .pytest_cache
