# Two commands do all the set-up on a fresh machine:
#   make demo   -- create .venv, install, make sure graphviz is there, run the demo
#   make test   -- the same set-up, then the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test test-oracles lint bench graphviz clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,plots]'
	@touch $(STAMP)

graphviz:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing graphviz (the 'dot' program) with apt-get"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
		|| { echo "error: could not install graphviz; install it yourself (Debian/Ubuntu: apt-get install graphviz, macOS: brew install graphviz)"; exit 1; }; \
	else \
		echo "error: graphviz's 'dot' program is missing; install it (Debian/Ubuntu: sudo apt-get install graphviz, macOS: brew install graphviz)"; exit 1; \
	fi

demo: $(STAMP) graphviz
	$(PY) examples/demo.py

test: $(STAMP) graphviz
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(PY) -m pytest

# The PyTorch oracle tests skip without torch; this installs it first (a CPU build).
test-oracles: $(STAMP) graphviz
	$(PY) -m pip install -q torch==2.13.0
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check autograd nn viz tests benchmarks examples
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) -m pip install -q threadpoolctl || echo "note: threadpoolctl not installed; BLAS keeps its own thread count"
	$(PY) -m pip install -q micrograd torch==2.13.0 || echo "note: micrograd/torch not installed; their columns will be skipped"
	$(PY) benchmarks/conv.py
	$(PY) benchmarks/digits.py --reps 3
	$(PY) benchmarks/scalar_chain.py
	$(PY) benchmarks/recurrent.py
	$(PY) benchmarks/scalar_mlp.py
	$(PY) benchmarks/tensor_mlp.py
	$(PY) benchmarks/tensor_small.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
