# The two set-up commands of the README: `make demo` and `make test`.
# Both create a virtual environment in .venv and install novadi into it.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install system-deps pywb clean

$(BIN)/novadi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/novadi

install: $(BIN)/novadi

# Debian's chromium (browser tests) and redis-server (distributed-mode tests).
system-deps:
	@if command -v chromium >/dev/null && command -v redis-server >/dev/null; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium redis-server >/dev/null; \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium redis-server >/dev/null; \
	else echo "warning: install chromium and redis-server for the browser and distributed tests"; fi

demo: install
	$(BIN)/novadi demo

# pywb (GPL-3.0) replays exported WACZ files in a test. It is never part of novadi:
# it lives in its own environment, which also keeps its pinned redis 2.x away from
# scrapy-redis.
PYWB_VENV ?= $(VENV)-pywb
pywb: $(PYWB_VENV)/bin/wayback
$(PYWB_VENV)/bin/wayback:
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install --quiet 'pywb>=2.7'

# pytest exits 5 when it collects no tests; that is not a failure of the suite.
test: install system-deps pywb
	$(BIN)/python -m pytest -q -p no:cacheprovider; status=$$?; [ $$status -eq 5 ] && exit 0; exit $$status

clean:
	rm -rf $(VENV) $(PYWB_VENV) data build *.egg-info
