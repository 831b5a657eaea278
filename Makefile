# hoptac — the two commands a newcomer runs: `make demo` and `make test`. Both install everything first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOPTAC := $(BIN)/hoptac
# Debian packages the project needs: Chromium for browser tests, Liberation 2 fonts (Vietnamese letters) for
# documents and screenshots, gettext to compile the message catalogues, Pango and HarfBuzz's subsetter for
# WeasyPrint's PDFs (same names on Debian 12 and 13).
DEBIAN_PACKAGES := chromium fonts-liberation2 gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install system-packages python-packages frontend-packages messages messages-update demo serve test lint clean worker bench bench-support bench-lab

help:
	@echo "make demo   — cài đặt, tạo CSDL, nạp dữ liệu mẫu, chạy http://$(HOST):$(PORT)  (install, migrate, demo data, serve)"
	@echo "make test   — cài đặt rồi chạy toàn bộ bộ kiểm thử  (install, then the whole test suite)"
	@echo "make lint   — ruff + makemigrations --check"
	@echo "make bench  — đo hiệu năng sổ hợp tác xã (100.000 bản ghi), yêu cầu hỗ trợ (1.000.000 yêu cầu) và phòng thử nghiệm (200.000 mẫu), ~30 phút  (registry + support + lab benchmarks, bench/results/)"
	@echo "make bench-support — chỉ đo yêu cầu hỗ trợ  (support benchmark only)"
	@echo "make bench-lab — chỉ đo phòng thử nghiệm: danh sách công việc và phiếu kết quả PDF  (lab benchmark only)"
	@echo "make messages-update — trích chuỗi mới vào bản dịch tiếng Anh (extract new strings for English)"

install: system-packages python-packages frontend-packages messages

system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài gói Debian:$$missing (installing Debian packages)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "!! Thiếu gói Debian:$$missing — hãy chạy: sudo apt-get install$$missing"; \
	    echo "!! Missing Debian packages:$$missing — run: sudo apt-get install$$missing"; \
	    echo "!! Browser tests will be SKIPPED (and FAIL when CI=true) until Chromium is installed."; \
	  fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

python-packages: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend-packages: node_modules/.installed

messages: python-packages
	@if command -v msgfmt >/dev/null; then cd src/hoptac && ../../$(HOPTAC) compilemessages --ignore=.venv -v 0; \
	else echo "!! gettext (msgfmt) thiếu: giao diện tiếng Anh sẽ không có bản dịch. Missing gettext: English catalogue not compiled."; fi

messages-update: python-packages
	cd src/hoptac && ../../$(HOPTAC) makemessages -l en --no-location --no-wrap
	@echo "Dịch các mục mới trong src/hoptac/locale/en/LC_MESSAGES/django.po (translate the new entries)."

demo: install
	$(HOPTAC) migrate --no-input
	$(HOPTAC) demo_data
	@echo "Đang chạy tại http://$(HOST):$(PORT)/  — dừng bằng Ctrl+C (serving; stop with Ctrl+C)"
	@set -m; $(HOPTAC) procrastinate worker >var/worker.log 2>&1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(HOPTAC) runserver $(HOST):$(PORT)

serve: install
	$(HOPTAC) runserver $(HOST):$(PORT)

worker: install
	$(HOPTAC) procrastinate worker

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: python-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(HOPTAC) makemigrations --check --dry-run

# A benchmark, not a test: its own database (hoptac_bench), results in bench/results/ and docs/performance.md.
bench: install
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m bench.registry
	$(BIN)/python -m bench.support
	$(BIN)/python -m bench.lab

bench-support: install
	$(BIN)/python -m bench.support

bench-lab: install
	$(BIN)/python -m bench.lab

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
