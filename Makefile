# Two commands for a fresh machine with only Python 3.11+:
#   make drill   creates .venv, installs, opens the console on the default scenario
#   make test    creates .venv with the test extras, runs the whole suite
# Versions are locked in constraints.txt so that a fresh clone tests what we tested.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= long-power-outage

.PHONY: drill test check lint types imports venv test-venv bytecode clean bench lock i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

# An editable install leaves our own modules uncompiled; where PYTHONDONTWRITEBYTECODE is
# set, every start of the console would compile them again (~0.1-0.2 s of its start-up).
bytecode: $(VENV)/.installed
	$(BIN)/python -m compileall -q simulator reports tui

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

venv: $(VENV)/.installed
test-venv: $(VENV)/.installed-test

drill: venv bytecode
	$(BIN)/tabletop validate $(SCENARIO)
	$(BIN)/tabletop drill $(SCENARIO)

test: test-venv
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: test-venv
	$(BIN)/ruff check simulator reports tui tests benchmarks
types: test-venv
	$(BIN)/mypy simulator
imports: test-venv
	$(BIN)/lint-imports

check: lint types imports test

bench: venv
	$(BIN)/python benchmarks/loader.py
	$(BIN)/python benchmarks/engine.py

# Refresh the gettext catalogues after changing a user-facing text (then translate fi, sv).
i18n: test-venv
	$(BIN)/python reports/locale/refresh.py

# Refresh the lock after changing dependencies in pyproject.toml.
lock: test-venv
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
