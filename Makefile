# Single Door: `make run` sets everything up (as root on Debian 12) and starts the
# app; `make test` sets up the same plus test-only packages and runs the suite.
# Every step is skipped when already done, so a second run takes seconds.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8

# uv ships its own CA roots; use Debian's store instead (as Debian's pip does) so a
# site proxy whose CA is installed with update-ca-certificates works for both.
export UV_SYSTEM_CERTS ?= 1

# Debian packages the app needs at run time (PC/SC daemon, plus headers, swig and a C
# compiler because pyscard has no Linux wheel; CJK fonts for Chinese text, Qt's
# runtime libraries, tesseract and the OCR-B face for reading MRZs).
APT_RUN := python3-venv pcscd libpcsclite-dev swig gcc libc6-dev python3-dev fonts-noto-cjk libpulse0 \
	tesseract-ocr fonts-ocr-b libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
	libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
	libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0
# Test-only: the virtual smart-card reader driver for pcscd, a virtual display, and
# the monospaced font the MRZ tests render their synthetic pages with.
APT_TEST := vsmartcard-vpcd xvfb xauth fonts-noto-mono

.PHONY: run test bench setup setup-test apt-run apt-test translations lock clean

run: setup
	$(VENV)/bin/kiosk run $(if $(MODE),--mode $(MODE))

test: setup-test
	bash tests/run_suite.sh

bench: setup-test
	$(PY) tests/bench/run_all.py

setup: apt-run $(VENV)/.stamp-run translations
setup-test: apt-run apt-test $(VENV)/.stamp-test translations

apt-run:
	@bash tools/apt_ensure.sh $(APT_RUN)

apt-test:
	@bash tools/apt_ensure.sh $(APT_TEST)

# After apt-run: on a fresh Debian, python3 -m venv needs python3-venv. A venv left
# half made (no pip) would break every later run, so remove it on failure.
$(VENV)/bin/python: | apt-run
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(UV): | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.stamp-run: requirements.lock pyproject.toml | $(UV)
	$(UV) pip install -q --python $(PY) --require-hashes -r requirements.lock
	$(UV) pip install -q --python $(PY) --no-deps -e .
	touch $@

$(VENV)/.stamp-test: requirements-dev.lock pyproject.toml | $(UV)
	$(UV) pip install -q --python $(PY) --require-hashes -r requirements-dev.lock
	$(UV) pip install -q --python $(PY) --no-deps -e .
	touch $@ $(VENV)/.stamp-run

# Qt Linguist sources (.ts) compiled to .qm; make decides what is out of date.
TS := $(wildcard assets/i18n/*.ts)
QM := $(TS:.ts=.qm)
translations: $(QM)
assets/i18n/%.qm: assets/i18n/%.ts | $(VENV)/.stamp-run
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@.tmp && mv -f $@.tmp $@   # a new file: a running app keeps its mapped copy

# Regenerate both lock files after changing dependencies in pyproject.toml.
lock: | $(UV)
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements.lock
	$(UV) pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -q -o requirements-dev.lock

clean:
	rm -rf $(VENV) build *.egg-info assets/i18n/*.qm
