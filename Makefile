# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench catalogue clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,sample]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ibcmon demo --out demo-output
	@echo "Проверка оценок перед рассылкой (откройте http://127.0.0.1:8027/, остановить: Ctrl-C):"
	@echo "  $(BIN)/ibcmon --db sqlite:///$(CURDIR)/demo-output/ibcmon.sqlite serve"

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

# Click's messages in Russian: compile the edited ibcmon.po to the committed ibcmon.mo
catalogue: $(STAMP)
	$(BIN)/pybabel compile --domain ibcmon --directory ibcmon/locale --statistics

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
