# Two entry points for a fresh machine: `make demo` and `make test`.
# Everything is installed into .venv by `make install`, which both call.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU build of torch; choose another with e.g. `make install TORCH="torch==2.5.1"`,
# or TORCH= to keep whatever torch the environment already has.
TORCH ?= torch==2.13.0
# The test tools and the Ray engine (its tests start a real local cluster);
# `make install EXTRAS=test` leaves Ray out.
EXTRAS ?= test,ray
DB ?= $(CURDIR)/out/framing.sqlite3
PORT ?= 8501

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(if $(TORCH),$(BIN)/pip install --quiet "$(TORCH)")
	$(BIN)/pip install --quiet -e ".[$(EXTRAS)]"
	touch $@

demo: install
	$(BIN)/framing analyze sample_articles --corpus sample --out out/sample --db "$(DB)"
	$(BIN)/framing dashboard --db "$(DB)" --port $(PORT)

# Two workers (pytest-xdist), each taking whole test files: module fixtures are
# built once. TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
test: install
	$(BIN)/ruff check src tests dashboard benchmarks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Speed and scale benchmarks (about an hour on 2 cores; see docs/performance.md).
bench: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/scale.py

lint: install
	$(BIN)/ruff check src tests dashboard benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
