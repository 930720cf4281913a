# ers-docs: build the clinical-safety guidance site and test the nhs_assurance extension.
#
# `make html` and `make test` bootstrap everything they need: a virtual environment in
# .venv, into which this project is installed with its `site` extra (the packages the hosted
# site is built with) and, for `make test`, its `test` and `bench` extras (`make bench`: `bench`).
# Extra Sphinx options go in SPHINXOPTS, e.g.  make html SPHINXOPTS="-j auto".
# Extra pytest options go in PYTESTOPTS, e.g.  make test PYTESTOPTS="-k standard -x".
# Benchmark options go in BENCHOPTS, e.g.  make bench BENCHOPTS="--sizes 100 300 --repeats 3".

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
SOURCEDIR   := docs
BUILDDIR    := _build
# The docs are the product: every build is strict, warnings fail it.
SPHINXSTRICT ?= -W --keep-going
SPHINXOPTS  ?=
PYTESTOPTS  ?=
BENCHOPTS   ?=
SPHINXBUILD := $(BIN)/sphinx-build -c . $(SPHINXSTRICT) $(SPHINXOPTS)

# `make latexpdf` needs TeX Live: these Debian packages (.ci/run and the README list the same).
# (`make pdf` needs Pango and a font package; the nhs_pdf builder names them when they are missing.)
TEX_PACKAGES := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre

# Stamps record what has been installed into the venv; they go stale when pyproject.toml changes.
DOCS_STAMP  := $(VENV)/.installed-docs
TEST_STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.DEFAULT_GOAL := help
.PHONY: help html livehtml linkcheck pdf latexpdf test lint bench clean clean-venv venv

help: ## List the targets
	@echo "Usage: make <target> [SPHINXOPTS=...] [PYTESTOPTS=...]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "ers-docs needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(DOCS_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[site]'
	@touch $@

# The tests run the benchmark on a tiny site, so they need its packages too.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[site,test,bench]'
	@touch $@ $(DOCS_STAMP) $(BENCH_STAMP)

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[site,bench]'
	@touch $@ $(DOCS_STAMP)

venv: $(TEST_STAMP) ## Create .venv with the project and its test tools installed

html: $(DOCS_STAMP) ## Build the HTML site into _build/html
	$(SPHINXBUILD) -b html $(SOURCEDIR) $(BUILDDIR)/html -d $(BUILDDIR)/doctrees

# Not strict: a warning is shown while an author types, and the preview keeps serving.
# The extension and conf.py are watched too, so a CSS or directive change shows at once.
livehtml: $(DOCS_STAMP) ## Preview at http://127.0.0.1:8000, rebuilt and reloaded on every save
	$(BIN)/sphinx-autobuild -c . $(SPHINXOPTS) --host 127.0.0.1 --port 8000 \
		--watch ext --watch conf.py --ignore '*.egg-info/*' \
		$(SOURCEDIR) $(BUILDDIR)/livehtml -d $(BUILDDIR)/livehtml-doctrees

linkcheck: $(DOCS_STAMP) ## Check every external link (needs the internet); report in _build/linkcheck
	$(SPHINXBUILD) -b linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck -d $(BUILDDIR)/doctrees

# The PDF readers get (Read the Docs publishes this one): tagged PDF/UA-1, printed by WeasyPrint.
# The nhs_pdf builder stops with the packages to install when Pango is missing.
pdf: $(DOCS_STAMP) ## Build the accessible PDF into _build/pdf (needs Pango: see README)
	$(SPHINXBUILD) -b nhs_pdf $(SOURCEDIR) $(BUILDDIR)/pdf -d $(BUILDDIR)/doctrees-pdf

# Sphinx's LaTeX PDF: untagged (pdfTeX cannot tag), so never published; kept to check the LaTeX
# output the extension gives sibling projects (nhsassurance.sty).
latexpdf: $(DOCS_STAMP) ## Build the LaTeX PDF (untagged) into _build/latex (needs TeX Live)
	@command -v latexmk >/dev/null && command -v pdflatex >/dev/null && \
		kpsewhich tcolorbox.sty tgtermes.sty >/dev/null || \
		{ echo "make latexpdf needs TeX Live: apt-get install $(TEX_PACKAGES)" >&2; exit 1; }
	$(SPHINXBUILD) -b latex $(SOURCEDIR) $(BUILDDIR)/latex -d $(BUILDDIR)/doctrees-latex
	$(MAKE) -C $(BUILDDIR)/latex all-pdf LATEXMKOPTS=-silent \
		LATEXOPTS="-interaction=nonstopmode -halt-on-error"
	@# As strict as the HTML build: what LaTeX only warns about fails the PDF.
	@! grep -E 'There were undefined references|Missing character' $(BUILDDIR)/latex/*.log || \
		{ echo "make latexpdf: LaTeX reported the problems above" >&2; exit 1; }

test: $(TEST_STAMP) ## Run the test suite (pytest)
	$(BIN)/python -m pytest $(PYTESTOPTS)

lint: $(TEST_STAMP) ## Check the Python code with ruff
	$(BIN)/ruff check ext tests bench conf.py
	$(BIN)/ruff format --check ext tests bench conf.py

# Results go to bench/results/results.json, the plot to docs/images/build-time.png.
bench: $(BENCH_STAMP) ## Run the build-time benchmark (BENCHOPTS="--help" lists its options)
	$(BIN)/python -m bench $(BENCHOPTS)

clean: ## Remove the build output (_build)
	rm -rf $(BUILDDIR)

clean-venv: ## Remove the virtual environment too
	rm -rf $(VENV)
