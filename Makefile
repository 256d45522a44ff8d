# Two commands on a fresh clone: `make demo` and `make test`. Each does its own set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= db/quotes.db
HOST   ?= 127.0.0.1
PORT   ?= 8001

.PHONY: install system-deps demo test ingest serve bench eval clean

install: $(VENV)/.installed system-deps

# Re-run pip only when the package metadata changes; idempotent otherwise.
$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -c "import tracker.extract.model as m; m.load_model()" >/dev/null
	touch $@

# Headless Chromium for the browser tests, from the distribution's packages.
system-deps:
	@bash .ci/system-deps

ingest: install
	$(BIN)/tracker ingest seeds --db $(DB)

demo: ingest
	$(BIN)/tracker serve --db $(DB) --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

# Accuracy on every gold set, then speed (5 rounds); both print and write bench/results.json.
bench: install $(VENV)/.bench-installed
	rm -f bench/results.json
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/speed.py

# textacy (the bench extra), installed again only when the package metadata changes.
$(VENV)/.bench-installed: $(VENV)/.installed setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

eval: install
	$(BIN)/tracker extract ../shared/eval/data/seeds_gold.jsonl -o /tmp/tracker-pred.jsonl
	$(PYTHON) ../shared/eval/score.py ../shared/eval/data/seeds_gold.jsonl /tmp/tracker-pred.jsonl

clean:
	rm -rf $(VENV) *.egg-info db/*.db db/*.db-*
