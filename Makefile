# Two commands for a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup migrate demo lint format messages vendor-axe vendor-scorm vendor-workbox document-samples trainer-screenshots bench bench-pages bench-answers bench-certificates bench-exports bench-report bench-load bench-peer clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The suite runs in one pytest-xdist worker per core (TEST_WORKERS=auto; TEST_WORKERS=0 runs it
# in this process), each with its own test database and temp folder. --dist loadfile keeps each
# test file on one worker, so a file's module-scoped data (permission matrix, search screens,
# plugin build) is built once. The tests that empty the database when they end (browser tests on
# a live server, concurrency, backups: marked "serial" by tests/conftest.py) run afterwards in one
# process: on a worker, the files after them would find the rows migrations made gone.
# PYTEST_ARGS (a file, -k …) runs what it names in one pass.
TEST_WORKERS ?= auto
test: setup
ifeq ($(strip $(PYTEST_ARGS)),)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not serial"; status=$$?; \
	$(PY) -m pytest -m serial || status=1; exit $$status
else
	$(PY) -m pytest $(PYTEST_ARGS)
endif

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# axe-core, the accessibility checker the browser tests inject (tests/e2e/axe.py), vendored from
# the npm registry with its licences, so that the tests need no download: `make vendor-axe`
# (needs npm) refreshes it; `make vendor-axe AXE_VERSION=x.y.z` moves to another version.
AXE_VERSION ?= 4.14.1
AXE_DIR := tests/e2e/vendor/axe-core
vendor-axe:
	rm -rf $(AXE_DIR).tmp && mkdir -p $(AXE_DIR).tmp
	cd $(AXE_DIR).tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar -xzf axe-core-$(AXE_VERSION).tgz
	mkdir -p $(AXE_DIR)
	cp $(AXE_DIR).tmp/package/axe.min.js $(AXE_DIR).tmp/package/LICENSE $(AXE_DIR).tmp/package/LICENSE-3RD-PARTY.txt $(AXE_DIR)/
	echo $(AXE_VERSION) > $(AXE_DIR)/VERSION
	rm -rf $(AXE_DIR).tmp

# scorm-again, the SCORM 1.2 / 2004 run-time the SCORM lessons play packages with (scorm/), vendored
# from the npm registry with its licence, so that `make run` needs no download: `make vendor-scorm`
# (needs npm) refreshes it; `make vendor-scorm SCORM_AGAIN_VERSION=x.y.z` moves to another version.
SCORM_AGAIN_VERSION ?= 3.4.3
SCORM_AGAIN_DIR := scorm/static/scorm/vendor/scorm-again
vendor-scorm:
	rm -rf $(SCORM_AGAIN_DIR).tmp && mkdir -p $(SCORM_AGAIN_DIR).tmp
	cd $(SCORM_AGAIN_DIR).tmp && npm pack --silent scorm-again@$(SCORM_AGAIN_VERSION) >/dev/null && tar -xzf scorm-again-$(SCORM_AGAIN_VERSION).tgz
	rm -rf $(SCORM_AGAIN_DIR) && mkdir -p $(SCORM_AGAIN_DIR)
	cd $(SCORM_AGAIN_DIR).tmp/package && cp dist/scorm12.min.js dist/scorm2004.min.js dist/cross-frame-api.min.js LICENSE ../../scorm-again/
	# Their source maps are not vendored: collectstatic's manifest would look for them.
	sed -i 's|^//# sourceMappingURL=.*$$||' $(SCORM_AGAIN_DIR)/*.min.js
	echo $(SCORM_AGAIN_VERSION) > $(SCORM_AGAIN_DIR)/VERSION
	rm -rf $(SCORM_AGAIN_DIR).tmp

# Workbox, the service-worker library of the offline study (staff_lms/offline.py, the worker
# /sw.js), vendored from the npm registry with its licence, so that `make run` needs no download:
# `make vendor-workbox` (needs npm) refreshes it; `make vendor-workbox WORKBOX_VERSION=x.y.z` moves
# to another version. Only the production builds of the modules the worker imports.
WORKBOX_VERSION ?= 7.4.1
WORKBOX_MODULES := workbox-core workbox-routing workbox-strategies workbox-precaching
WORKBOX_DIR := staff_lms/static/staff_lms/vendor/workbox
vendor-workbox:
	rm -rf $(WORKBOX_DIR).tmp && mkdir -p $(WORKBOX_DIR).tmp
	cd $(WORKBOX_DIR).tmp && for module in $(WORKBOX_MODULES); do \
		npm pack --silent $$module@$(WORKBOX_VERSION) >/dev/null && mkdir $$module && tar -xzf $$module-$(WORKBOX_VERSION).tgz -C $$module || exit 1; \
	done
	rm -rf $(WORKBOX_DIR) && mkdir -p $(WORKBOX_DIR)
	for module in $(WORKBOX_MODULES); do cp $(WORKBOX_DIR).tmp/$$module/package/build/$$module.prod.js $(WORKBOX_DIR)/; done
	cp $(WORKBOX_DIR).tmp/workbox-core/package/LICENSE $(WORKBOX_DIR)/
	# Their source maps are not vendored: collectstatic's manifest would look for them.
	sed -i 's|^//# sourceMappingURL=.*$$||' $(WORKBOX_DIR)/*.prod.js
	echo $(WORKBOX_VERSION) > $(WORKBOX_DIR)/VERSION
	rm -rf $(WORKBOX_DIR).tmp

# A page of each official document of the demo, for the README (after `make run` or `make demo`).
document-samples: demo
	$(PY) manage.py document_samples

# The demo trainer's path through the admin, for the README (Debian's Chromium).
trainer-screenshots: demo
	$(PY) manage.py trainer_screenshots

# wagtail_vi's catalogue holds Wagtail's msgids, not its own: makemessages must never rewrite it.
messages: setup
	cd staff_lms && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd people && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd courses && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd assignments && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd quizzes && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd scorm && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd certificates && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd classes && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	cd reports && ../$(PY) ../manage.py makemessages -l vi --no-obsolete
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=staff_lms --ignore=people --ignore=courses --ignore=assignments --ignore=quizzes --ignore=scorm --ignore=certificates --ignore=classes --ignore=reports --ignore=wagtail_vi --ignore=.venv --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv --ignore=bench

# Benchmarks (docs/BENCHMARKS.md): PostgreSQL on 127.0.0.1:5432, gunicorn, wrk if installed.
bench: bench-pages bench-answers bench-certificates bench-exports bench-report bench-load

bench-pages: setup
	$(PY) bench/pages.py

bench-answers: setup
	$(PY) bench/answers.py

bench-certificates: setup
	$(PY) bench/certificates.py

bench-exports: setup
	$(PY) bench/exports.py

bench-report: setup
	$(PY) bench/training_report.py

# Our learner pages against wagtail-lms 0.11.1 (built from PyPI into bench/.peer/), both
# served at once, rounds alternating. Not part of `make bench`: it installs the peer.
bench-peer: setup
	$(PY) bench/peer.py

# 100 learners and an HR officer for a minute on two app servers sharing PostgreSQL and Redis
# (127.0.0.1:6379; LOAD_SERVERS=1 for one; LOAD_ARGS=--check to fail on a missed goal);
# certificates delivered by django-tasks-db workers.
LOAD_SERVERS ?= 2
LOAD_ARGS ?=
bench-load: setup
	$(PY) bench/load.py --servers $(LOAD_SERVERS) $(LOAD_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles bench/.peer
