# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# CPU-only machines take this torch (a local CPU wheel here; elsewhere add
# TORCH_INDEX=https://download.pytorch.org/whl/cpu). A CUDA machine keeps its own
# CUDA build: the venv then sees the system site-packages and nothing is installed.
TORCH_SPEC  ?= torch==2.13.0
TORCH_INDEX ?=
PYTEST_ARGS ?=
ASSIGNMENTS := gradient_basics linear_regression numerical_gradients autograd_descent

.PHONY: install system-deps test test-fast demo release bench clean

$(PY):
	@if $(PYTHON) -c "import torch, sys; sys.exit(0 if torch.version.cuda else 1)" 2>/dev/null; then \
	  echo "Found a CUDA build of torch: the venv will use it."; \
	  $(PYTHON) -m venv --system-site-packages $(VENV); \
	else \
	  $(PYTHON) -m venv $(VENV); \
	fi

$(STAMP): pyproject.toml | $(PY)
	@$(PY) -c "import torch" 2>/dev/null \
	  || $(PY) -m pip install -q $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) "$(TORCH_SPEC)"
	$(PY) -m pip install -q -e ".[test,dask]"
	@touch $@

install: $(STAMP)

# Bubblewrap is the sandbox the grader uses; Chromium renders the feedback pages in
# the browser test. Installed when missing and we are root; otherwise the grader falls
# back to its documented process sandbox and the browser test skips.
system-deps:
	@missing=""; command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: could not install$$missing"; \
	  else echo "warning: missing$$missing (not root or no apt-get)"; fi; \
	fi

test: $(STAMP) system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

demo: $(STAMP) system-deps
	$(PY) -m autograder demo

# Regenerate the student releases from the instructor notebooks.
release: $(STAMP)
	$(PY) -m autograder release $(ASSIGNMENTS)

bench: $(STAMP) system-deps
	$(PY) bench/batch_speed.py

clean:
	rm -rf $(VENV) demo_out bench/out .pytest_cache
