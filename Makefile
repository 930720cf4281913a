# ers-docs: build the clinical-safety guidance site and test the nhs_assurance extension.
#
# `make html` and `make test` bootstrap everything they need: a virtual environment in
# .venv with the exact versions of requirements/docs.lock (the extension's dependencies and the
# `site` extra: what the hosted site is built with) or, for `make test` and `make bench`,
# requirements/test.lock (also the `test` and `bench` extras), then this project itself.
# `make lock` refreshes the locks; `make test-latest` runs the tests on the newest releases.
# Extra Sphinx options go in SPHINXOPTS, e.g.  make html SPHINXOPTS="-j auto".
# Extra pytest options go in PYTESTOPTS, e.g.  make test PYTESTOPTS="-k standard -x";
# the number of test processes in PYTEST_WORKERS, e.g.  make test PYTEST_WORKERS=0 (none: serial).
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
PYTEST_WORKERS ?= auto
FAST_TESTS  := not build and not pdf and not browser and not install
BENCHOPTS   ?=
SPHINXBUILD := $(BIN)/sphinx-build -c . $(SPHINXSTRICT) $(SPHINXOPTS)

# `make latexpdf` needs TeX Live: these Debian packages (.ci/run and the README list the same).
# (`make pdf` needs Pango and a font package; the nhs_pdf builder names them when they are missing.)
TEX_PACKAGES := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre

# The locks: every package at an exact version with its hashes, so that a build today and in six
# months give the same site. test.lock holds docs.lock's versions and the test tools.
DOCS_LOCK   := requirements/docs.lock
TEST_LOCK   := requirements/test.lock
# The venv's copy of every wheel it was installed from: the tests install from it without the
# network (tests/installs.py), as Read the Docs and another project would install.
WHEELHOUSE  := $(VENV)/wheelhouse
PIP         := $(BIN)/python -m pip

# Stamps record what has been installed into the venv; they go stale when a lock or
# pyproject.toml changes.
DOCS_STAMP  := $(VENV)/.installed-docs
TEST_STAMP  := $(VENV)/.installed-test

# axe-core, which the browser tests run on every page, is an npm package: the registry's tarball
# at the version AXE_LOCK names, checked against the lock's sha512 before its axe.min.js is kept
# in the venv (tests/axe_core.py says why it is not a Python package's copy). The copy of the lock
# kept beside it is its stamp.
AXE_LOCK    := requirements/axe-core.json
AXE_CORE    := tests/axe_core.py
AXE_STAMP   := $(VENV)/axe-core/lock.json

# uv writes the locks: a maintained resolver that makes one lock for every Python from 3.11 on
# (--universal) with the hashes of every file of each release, in a second; pip-tools locks for
# the Python it runs on only. With --fork-strategy requires-python each Python gets the newest
# releases it can run (Sphinx 9.2 needs Python 3.12 or later: 3.11 keeps 9.0.x), each marked
# for its Pythons. The extension (ext/, nhs-assurance) is not on an index: pyproject.toml's
# [tool.uv.sources] points uv at it, and the locks hold its dependencies, not itself.
UV_VERSION  := 0.13.9
UV          := $(BIN)/uv
LOCK_FLAGS  := --universal --python-version 3.11 --fork-strategy requires-python --generate-hashes \
               --no-emit-package nhs-assurance --upgrade --quiet --custom-compile-command "make lock"
# The build backend (pyproject.toml's [build-system] requires) is locked too: the project is
# installed with --no-build-isolation from the lock's setuptools, never one fetched unpinned.
BUILD_REQUIRES = $(BIN)/python -c 'import tomllib; \
	print(*{r for p in ("pyproject.toml", "ext/pyproject.toml") \
	for r in tomllib.load(open(p, "rb"))["build-system"]["requires"]}, sep="\n")'

# `make test-latest`: its own venv, on the newest Python found (PYTHON=... chooses another).
LATEST_VENV ?= .venv-latest
LATEST_PIP  := $(LATEST_VENV)/bin/python -m pip
NEWEST_PYTHON = $(shell for p in python3 python3.11 python3.12 python3.13 python3.14 python3.15 \
	$$(pyenv root 2>/dev/null)/versions/*/bin/python3; do "$$p" -c 'import sys; \
	print("%d.%03d" % sys.version_info[:2], sys.executable)' 2>/dev/null; done | sort -r | \
	head -n 1 | cut -d " " -f 2)
LATEST_PYTHON = $(if $(filter command line environment,$(origin PYTHON)),$(PYTHON),$(NEWEST_PYTHON))

.DEFAULT_GOAL := help
.PHONY: help html livehtml linkcheck pdf latexpdf handbook handbook-pdf dist test test-fast test-latest lint bench lock clean clean-venv venv

help: ## List the targets
	@echo "Usage: make <target> [SPHINXOPTS=...] [PYTESTOPTS=...]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "ers-docs needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Install lock $(1): fetch its files into the wheelhouse (each checked against the lock's hashes),
# install from there alone, then the project itself, its dependencies being in the lock.
# The site's metadata (.) and the extension (./ext) go in without their dependencies, which the
# lock holds; the extension last, as ers-docs 0.1.0 (which held it) owned its command.
define install_lock
	$(PIP) download --quiet --require-hashes -r $(1) -d $(WHEELHOUSE)
	$(PIP) install --quiet --no-index --find-links $(WHEELHOUSE) --require-hashes -r $(1)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) install --quiet --no-deps --no-build-isolation -e ./ext
endef

$(DOCS_STAMP): $(DOCS_LOCK) pyproject.toml ext/pyproject.toml | $(BIN)/python
	$(call install_lock,$(DOCS_LOCK))
	@touch $@

# The tests run the benchmark on a tiny site, so they need its packages too. test.lock has
# docs.lock's versions, so it brings the venv up to date for `make html` as well.
$(TEST_STAMP): $(TEST_LOCK) $(DOCS_LOCK) pyproject.toml ext/pyproject.toml | $(BIN)/python
	$(call install_lock,$(TEST_LOCK))
	@touch $@ $(DOCS_STAMP)

$(AXE_STAMP): $(AXE_LOCK) $(AXE_CORE) | $(BIN)/python
	$(BIN)/python $(AXE_CORE) fetch $(AXE_LOCK) $(@D)
	@touch $@

$(UV): | $(BIN)/python
	$(PIP) install --quiet uv==$(UV_VERSION)

venv: $(TEST_STAMP) $(AXE_STAMP) ## Create .venv with the project and its test tools installed

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

# The handbook (handbook/, with its own conf.py): the toolkit's guide for authors and maintainers,
# as strict as the guidance. Its links to the guidance are checked against the guidance's own
# inventory, _build/html/objects.inv, so the guidance is built first (handbook/conf.py says why).
HANDBOOKBUILD := $(BIN)/sphinx-build $(SPHINXSTRICT) $(SPHINXOPTS)
handbook: html ## Build the handbook's HTML into _build/handbook/html
	$(HANDBOOKBUILD) -b html handbook $(BUILDDIR)/handbook/html -d $(BUILDDIR)/handbook/doctrees

handbook-pdf: html ## Build the handbook's accessible PDF into _build/handbook/pdf (needs Pango)
	$(HANDBOOKBUILD) -b nhs_pdf handbook $(BUILDDIR)/handbook/pdf -d $(BUILDDIR)/handbook/doctrees-pdf

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

# The extension's distribution, nhs-assurance: its sdist and wheel, from the lock's setuptools,
# checked by twine (metadata, README rendering) before anyone uploads them.
DISTDIR := $(BUILDDIR)/dist
dist: $(TEST_STAMP) ## Build the extension's sdist and wheel into _build/dist and check them
	rm -rf $(DISTDIR)
	$(BIN)/python -m build --no-isolation --sdist --wheel --outdir $(DISTDIR) ext
	$(BIN)/twine check --strict $(DISTDIR)/*

# The suite runs in PYTEST_WORKERS processes (pytest-xdist; `auto`: one per core). Each test file
# runs whole in one worker (--dist loadfile), so a module's fixtures are made once, except the
# files conftest.py's SPLIT_FILES names, whose tests are handed out one by one (its scheduler
# hook: --dist loadgroup would do it with marks, but pytest-xdist 3.8 ignores its groups under
# pytest 9.2: pytest-dev/pytest-xdist#1386); the builds of docs/ that the whole run shares are
# made once, by the first worker that needs one (tests/shared_builds.py).
#
# The tests run with Python's bytecode cache on, even where PYTHONDONTWRITEBYTECODE is set (as
# in some containers): the suite starts Python a few hundred times (sphinx-build, the importer,
# the benchmark, each worker's collection), and without the cache each start compiles the
# extension's modules anew and pytest rewrites every test file again (8 s of CPU per worker to
# collect, instead of 3.6 s). The cache goes to the __pycache__ folders git ignores.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest
#
# --no-loadscope-reorder: the files are handed out in the order conftest.py puts them, the longest
# first (its LONGEST_FIRST); pytest-xdist's own order, the files with the most tests first, left
# the few long browser tests to run alone at the end.
DIST := --dist loadfile --no-loadscope-reorder
#
# Each run's temporary folders (pytest's --basetemp) are kept until the next run, in a folder of
# this clone's own inside pytest's folder for the user, outside the clone (a test runs pytest in a
# project of its own there, which must not find this one's configuration above it). pytest's
# default keeps three runs and deletes the fourth at the end of the next: a whole run's folders
# (46 000 files: venvs, builds) took it 6 to 8 s, with nothing else running. Here the last run's
# folder is moved aside and deleted in the background while the tests run. One folder per clone
# and target, so that `make test-fast` beside a `make test` leaves its folder alone. The folder for
# the user must be the user's alone, as pytest requires of it. (`=`: worked out in recipes only.)
TEST_TMP_ROOT = $(or $(TMPDIR),/tmp)/pytest-of-$(shell id -un)
TEST_TMP = $(TEST_TMP_ROOT)/ers-docs-$(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)-$@
define fresh_test_tmp
	@mkdir -p "$(TEST_TMP_ROOT)" && test -O "$(TEST_TMP_ROOT)" && test ! -L "$(TEST_TMP_ROOT)" && \
		chmod go-rwx "$(TEST_TMP_ROOT)" || { echo "make: cannot keep the tests' temporary \
		folders in $(TEST_TMP_ROOT), which must be a folder of yours alone; set TMPDIR" >&2; exit 1; }
	@if [ -e "$(TEST_TMP)" ]; then mv "$(TEST_TMP)" "$(TEST_TMP).old.$$$$"; fi; \
		{ rm -rf "$(TEST_TMP)".old.* & }
endef
test: $(TEST_STAMP) $(AXE_STAMP) ## Run the test suite (pytest), spread over the cores
	$(fresh_test_tmp)
	$(PYTEST) -n $(PYTEST_WORKERS) $(DIST) --basetemp="$(TEST_TMP)" $(PYTESTOPTS)

# What builds nothing: no Sphinx build, no PDF, no browser, no wheel or new venv (the venv
# is `make venv`'s, made once, as for every target).
test-fast: $(TEST_STAMP) $(AXE_STAMP) ## Run the tests that build nothing (under 30 seconds)
	$(fresh_test_tmp)
	$(PYTEST) -n $(PYTEST_WORKERS) -m "$(FAST_TESTS)" --basetemp="$(TEST_TMP)" $(PYTESTOPTS)

# The site's packages first, then the test tools held to the site's versions: what the tests
# check is what the site is built with. Then axe-core's newest release (requirements/axe-core.json).
lock: $(UV) ## Refresh requirements/*.lock and axe-core.json to the newest releases
	$(BUILD_REQUIRES) | $(UV) pip compile pyproject.toml - --extra site \
		$(LOCK_FLAGS) -o $(DOCS_LOCK)
	$(BUILD_REQUIRES) | $(UV) pip compile pyproject.toml - --extra site --extra test \
		--extra bench -c $(DOCS_LOCK) $(LOCK_FLAGS) -o $(TEST_LOCK)
	$(BIN)/python $(AXE_CORE) lock $(AXE_LOCK)

# No lock here: whatever PyPI (and npm, for axe-core) has today, so that an upstream release that
# breaks something (an internal of Sphinx or Furo that nhs_assurance relies on, a new axe rule a
# page fails) shows before it reaches the lock.
# The wheelhouse also gets docs.lock's files, for the test that installs as Read the Docs does.
test-latest: ## Run the tests against the newest releases, in .venv-latest (PYTHON=... to choose)
	@test -x $(LATEST_VENV)/bin/python || { python="$(LATEST_PYTHON)"; \
		"$${python:-false}" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "make test-latest needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }; \
		echo "make test-latest: creating $(LATEST_VENV) with $$python"; \
		"$$python" -m venv $(LATEST_VENV); }
	$(LATEST_PIP) download --quiet --require-hashes -r $(DOCS_LOCK) -d $(LATEST_VENV)/wheelhouse
	@# ./ext is named beside . so that pip takes the site's nhs-assurance from it (no index has it).
	$(LATEST_PIP) download --quiet './ext[all]' '.[site,test,bench]' -d $(LATEST_VENV)/wheelhouse
	$(LATEST_PIP) install --quiet --upgrade --upgrade-strategy eager --no-index \
		--find-links $(LATEST_VENV)/wheelhouse -e './ext[all]' -e '.[site,test,bench]'
	@# axe-core's newest release, locked in the venv (tests/axe_core.py's LATEST_LOCK).
	$(LATEST_VENV)/bin/python $(AXE_CORE) lock $(LATEST_VENV)/axe-core-latest.json
	$(LATEST_VENV)/bin/python $(AXE_CORE) fetch $(LATEST_VENV)/axe-core-latest.json \
		$(LATEST_VENV)/axe-core
	{ $(LATEST_VENV)/bin/python -m pip list --format freeze; $(LATEST_VENV)/bin/python -c \
		'import json; print("axe-core==" + json.load(open("$(LATEST_VENV)/axe-core/lock.json"))["version"])'; \
		} > $(LATEST_VENV)/versions.txt
	@echo "make test-latest: the versions tested are in $(LATEST_VENV)/versions.txt"
	$(fresh_test_tmp)
	env -u PYTHONDONTWRITEBYTECODE $(LATEST_VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) \
		$(DIST) --basetemp="$(TEST_TMP)" $(PYTESTOPTS)

# mypy reads pyproject.toml's [tool.mypy]: the extension, strict. CI (.ci/run) runs this too.
lint: $(TEST_STAMP) ## Check the Python code with ruff, and the extension's types with mypy
	$(BIN)/ruff check ext tests bench conf.py handbook/conf.py handbook/_ext
	$(BIN)/ruff format --check ext tests bench conf.py handbook/conf.py handbook/_ext
	$(BIN)/mypy

# Results go to bench/results/results.json, the plot to handbook/images/build-time.png.
bench: $(TEST_STAMP) ## Run the build-time benchmark (BENCHOPTS="--help" lists its options)
	$(BIN)/python -m bench $(BENCHOPTS)

clean: ## Remove the build output (_build)
	rm -rf $(BUILDDIR)

clean-venv: ## Remove the virtual environments too (.ci/run's .venv-3.13 among them)
	rm -rf $(VENV) $(LATEST_VENV) .venv-3.*
