# Two commands on a fresh clone: `make demo` and `make test`. Each does its own set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= db/quotes.db
HOST   ?= 127.0.0.1
PORT   ?= 8001
# The tool that writes the lock files (`make lock`); not needed to install.
UV_VERSION := 0.13.9
LOCK_FLAGS ?=

.PHONY: install install-test system-deps demo test ingest serve bench eval lock mutate clean

# What the demo needs: the locked runtime dependencies and tracker itself. No browser.
install: $(VENV)/.installed

# What the tests need on top: the locked test dependencies and headless Chromium.
install-test: $(VENV)/.installed-test system-deps

# Every dependency, direct and indirect, is pinned with its hashes in requirements.lock;
# pip refuses anything else. tracker itself is then installed without resolving again.
$(VENV)/.installed: requirements.lock setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -c "import tracker.extract.model as m; m.load_model()" >/dev/null
	touch $@

# requirements-test.lock: the same pins plus the test extra (pytest, Playwright).
$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

# Headless Chromium for the browser tests, from the distribution's packages, when missing.
system-deps:
	@bash .ci/system-deps

ingest: install
	$(BIN)/tracker ingest seeds --db $(DB)

demo: ingest
	$(BIN)/tracker serve --db $(DB) --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

# Accuracy on every gold set, speed (5 rounds), workers 2 vs 1, flat ingest at 1k vs 100k
# articles (steps after extraction, peak RSS, API POST), reads at 1M quotes; each prints and
# writes bench/results.json. The 1M-quote database is built once (about 15 min) and cached in
# /tmp/tracker-reads. `make bench QUICK=1`: one speed and workers round, scaling on a 10k
# database, no reads (a few minutes). textacy (the comparison in bench/accuracy.py) is not
# locked: it is for measuring only.
QUICK ?=
bench: install $(VENV)/.bench-installed
	rm -f bench/results.json
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/utterance_methods.py
	$(BIN)/python bench/speed.py $(if $(QUICK),--rounds 1)
	$(BIN)/python bench/workers.py $(if $(QUICK),--rounds 1)
	$(BIN)/python bench/scaling.py $(if $(QUICK),--quick --articles 5 --posts 4)
	$(if $(QUICK),@echo "QUICK: bench/reads.py skipped",$(BIN)/python bench/reads.py)
	test -x $(BIN)/dask || $(BIN)/python -m pip install --quiet -e '.[dask]'
	DASK_LOGGING__DISTRIBUTED=error $(BIN)/python bench/dask_throughput.py

# textacy (the bench extra), installed again only when the package metadata changes.
$(VENV)/.bench-installed: $(VENV)/.installed setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

eval: install
	$(BIN)/tracker extract ../shared/eval/data/seeds_gold.jsonl -o /tmp/tracker-pred.jsonl
	$(PYTHON) ../shared/eval/score.py ../shared/eval/data/seeds_gold.jsonl /tmp/tracker-pred.jsonl

# Re-resolve setup.cfg into both lock files (for every Python >= 3.10, with hashes). Keeps
# the pins that still fit; `make lock LOCK_FLAGS=--upgrade` takes the newest releases.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile --quiet setup.cfg --universal --python-version 3.10 --generate-hashes \
	    --custom-compile-command "make lock" $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile --quiet setup.cfg --extra test -c requirements.lock --universal \
	    --python-version 3.10 --generate-hashes --custom-compile-command "make lock" \
	    $(LOCK_FLAGS) -o requirements-test.lock
	# pip's --require-hashes pins a dependency asked for with extras (weasel wants
	# smart-open[http], justext lxml[html_clean]) only when the lock names the same
	# extras; otherwise a newer release on the index breaks the install
	sed -i -e 's/^smart-open==/smart-open[http]==/' -e 's/^lxml==/lxml[html_clean]==/' requirements.lock requirements-test.lock

# Mutation testing (config: [mutmut] in setup.cfg): a fresh run every time, then the
# mutants the tests let through. `$(BIN)/mutmut show NAME` prints one mutant's diff.
MUTATE_JOBS ?= 2
mutate: install-test
	test -x $(BIN)/mutmut || $(BIN)/python -m pip install --quiet -e '.[mutation]'
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS)
	@$(BIN)/mutmut results > mutants/not-killed.txt
	@echo "Mutants not killed:"; cat mutants/not-killed.txt
	@echo "Survivors per file:"
	@sed -n 's/^ *\(tracker\.[a-z_.]*\)\.x.*: survived$$/\1/p' mutants/not-killed.txt | sort | uniq -c

clean:
	rm -rf $(VENV) *.egg-info db/*.db db/*.db-* mutants
