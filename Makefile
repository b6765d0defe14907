# Marquee: the one entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

SERVICES := identity catalog audience ingest enricher campaigns
# Demo moviegoer profiles `make seed` loads into Elasticsearch: 10k, 100k, 1m or a number.
SIZE ?= 10k

.PHONY: web web-dev edge-deps
.PHONY: help deps build generate corpus check-generated breaking release lint typecheck test test-only up down status infra-up infra-down infra-status migrate seed docs docs-serve mock bench clean sdk-partners seed-catalog seed-direct import raw-files

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json $(wildcard */package.json services/*/package.json)
	@echo "deps: npm ci"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: node_modules/.package-lock.json ## Install npm dependencies (npm ci) when package files changed

# The compiled build (scripts/build.cjs, esbuild): every service, worker and command as one
# CommonJS bundle under dist/build/ with source maps, run by plain node (services with their npm
# packages in one vendor bundle and a V8 code cache: scripts/lib/service-bundles.cjs). tsx is for development.
BUILD := dist/build
NODE := node --enable-source-maps
CODEGEN := $(NODE) $(BUILD)/codegen/src/cli.js

# The generator is rebuilt only when one of its sources changed (dist/build/codegen.d lists them).
$(BUILD)/codegen.stamp: scripts/build.cjs package-lock.json | deps
	@node scripts/build.cjs codegen
-include $(BUILD)/codegen.d

build: generate ## Compile services, workers and commands to dist/build (esbuild, source maps); near-instant when nothing changed
	@node scripts/build.cjs

generate: deps $(BUILD)/codegen.stamp ## specs/ -> generated/ (types, stubs, clients, API reference); skips when unchanged
	@$(CODEGEN)

check-generated: deps $(BUILD)/codegen.stamp ## Regenerate from scratch and fail if generated/ or deploy/ differs from what is committed
	@$(CODEGEN) --force
	@git diff --exit-code --stat -- generated/ deploy/ || { echo "generated/ or deploy/ is out of date: run 'make generate' and commit the result"; exit 1; }

breaking: deps $(BUILD)/codegen.stamp ## Breaking-change gate: every spec vs BASE (default: latest release tag, else merge-base with main)
	@$(NODE) $(BUILD)/codegen/src/breaking.js $(if $(BASE),--base $(BASE))

release: deps $(BUILD)/codegen.stamp ## Release one contract: make release SERVICE=audience [DRY_RUN=1] (bumps, changelog, commit, tag)
	@test -n "$(SERVICE)" || { echo "usage: make release SERVICE=<name> [DRY_RUN=1]"; exit 2; }
	@$(NODE) $(BUILD)/codegen/src/release.js --service $(SERVICE) $(if $(DRY_RUN),--dry-run)

lint: deps ## ESLint (with the no-sibling-access rule)
	@eslint . --max-warnings=0

typecheck: generate ## tsc over the whole repository (strict)
	@tsc -p tsconfig.json

infra-up: ## Install if needed and start MariaDB, Kafka and Elasticsearch on loopback; create service databases
	@scripts/infra.sh up

infra-down: ## Stop the local engines
	@scripts/infra.sh down

infra-status: ## Show the local engines' health
	@scripts/infra.sh status

migrate: build ## Apply every service's migrations to its own database
	@for s in $(SERVICES); do $(NODE) $(BUILD)/services/$$s/src/db-cli.js migrate || exit 1; done

seed-catalog: migrate ## Load the believable demo catalog (and the identity demo tenants and clients)
	@$(NODE) $(BUILD)/services/identity/src/db-cli.js seed
	@$(NODE) $(BUILD)/services/catalog/src/db-cli.js seed

seed: seed-catalog ## Demo data through the pipeline: SIZE (default 10k) members' files -> ingest -> Kafka -> enricher -> index (starts the services)
	@scripts/services.sh up >/dev/null
	@tsx scripts/pipeline-data/seed-pipeline.ts --members $(SIZE)

seed-direct: seed-catalog ## Benchmarks only: SIZE synthetic profiles bulk-loaded straight into Elasticsearch
	@tsx scripts/audience-data/load-profiles.ts --size $(SIZE)

import: deps ## Import a members/transactions file with a progress bar: make import FILE=path [KIND=members|transactions] (as IMPORT_CLIENT_ID, default the demo client)
	@test -n "$(FILE)" || { echo "usage: make import FILE=path/to/transactions.ndjson [KIND=...] (IMPORT_CLIENT_ID/IMPORT_CLIENT_SECRET pick the client, hence the tenant)"; exit 2; }
	@tsx scripts/pipeline-data/import.ts --file $(FILE) $(if $(KIND),--kind $(KIND))

raw-files: deps ## Generate raw exhibitor files: make raw-files MEMBERS=10000 MONTHS=12 [FORMAT=csv] (into .marquee/raw)
	@tsx scripts/pipeline-data/generate-raw.ts --members $(or $(MEMBERS),1000) --months $(or $(MONTHS),12) --format $(or $(FORMAT),ndjson) --out .marquee/raw

up: deps infra-up build seed docs web edge-deps ## Set up and run the whole platform locally; prints the one URL (edge proxy on 4080: web app, /docs/, /api/<service>/)
	@scripts/services.sh up
	@echo "  Get a token (local-dev demo client of northstar-cinemas; see README, Authentication):"
	@echo "    curl -s -u northstar-demo:northstar-demo-local-dev-secret -d grant_type=client_credentials http://127.0.0.1:4000/oauth/token"

web: deps generate ## Build the audience builder (web/: SDK sources, tsc, vite) into dist/web
	@tsx scripts/web/build.ts

web-dev: web ## The audience builder with hot reload on http://127.0.0.1:5173 (/api/<service>/ proxied to the running services; demo sign-in filled in)
	@vite --config web/vite.config.ts

edge-deps: ## Install Debian's nginx for the edge proxy if missing (scripts/edge.sh)
	@scripts/edge.sh >/dev/null

down: ## Stop everything `make up` started
	@scripts/services.sh down
	@scripts/infra.sh down

status: ## Services and engines
	@scripts/services.sh status; scripts/infra.sh status

test: deps infra-up build ## The whole suite over the real engines: lint, types, unit, integration, faults
	@$(MAKE) --no-print-directory lint typecheck
	@# --forceExit: on 2 cores jest runs every file in one process, and after the full run a stray handle
	@# kept it alive after the full run (2026-12-02; not reproduced with any subset): CI must end. Find leaks with: make test-only ARGS=--detectOpenHandles
	@NODE_ENV=test LOG_LEVEL=silent jest --ci --forceExit
	@echo "test: engine fault tests (they stop and restart engines, so they run alone)"
	@NODE_ENV=test LOG_LEVEL=silent JEST_SERIAL=1 jest --ci --runInBand

test-only: ## Run jest alone (engines must be up): make test-only ARGS=path/to/test
	@NODE_ENV=test LOG_LEVEL=silent jest $(ARGS)

docs: build ## Build the docs portal (every service and release, Scalar) into dist/docs
	@$(NODE) $(BUILD)/codegen/src/portal/build.js --out dist/docs
	@echo "API reference (own emitter): file://$(CURDIR)/generated/docs/index.html"

docs-serve: docs ## Build the docs portal and serve it at http://127.0.0.1:4090 (foreground)
	@$(NODE) $(BUILD)/codegen/src/portal/serve.js --dir dist/docs --port $(or $(PORT),4090)

mock: deps generate ## Prism mock server for one spec: make mock SERVICE=catalog (catalog 4110, audience 4120; PORT= to override)
	@test -n "$(SERVICE)" || { echo "usage: make mock SERVICE=<name> [PORT=<port>]"; exit 2; }
	@scripts/mock.sh $(SERVICE) $(PORT)

bench: deps infra-up build migrate ## Benchmarks: BENCH=http,diff,audience,infra,sdk,coldstart (default all); results in bench/RESULTS.md
	@tsx bench/run.ts

clean: ## Remove build output (not the engines' data)
	@rm -rf generated/docs dist/docs dist/build bench/.tmp

sdk-partners: deps build ## Partner SDKs (Python, Go, Java) by openapi-generator into dist/sdk/<language>/<service>, compiled
	@$(NODE) $(BUILD)/codegen/src/partner-sdks/build.js $(if $(LANGS),--lang $(LANGS))

.PHONY: sdk publish-sdk registry
sdk: deps build ## TypeScript SDKs (@marquee/<service>-sdk, ESM + .d.ts) into dist/sdk/ts/<service>
	@$(NODE) $(BUILD)/codegen/src/sdk/build.js

publish-sdk: sdk ## Publish the TypeScript SDKs to NPM_REGISTRY (default the local Verdaccio: make registry)
	@$(NODE) $(BUILD)/codegen/src/sdk/publish.js

registry: deps ## Local npm registry (Verdaccio) on 127.0.0.1:4873, storage in .marquee/verdaccio (foreground)
	@tsx scripts/verdaccio/registry.ts

.PHONY: clients
clients: deps $(BUILD)/codegen.stamp ## Pinned internal clients: calls [{service, version: 1.x}] in the registry -> generated/<consumer>/clients/<provider>/ from the release tag
	@$(NODE) $(BUILD)/codegen/src/versioned-clients.js

.PHONY: fuzz fuzz-ci hostile soak soak-ci faults faults-ci reliability
fuzz: deps generate ## Schemathesis from every spec against identity, catalog, audience, ingest: EXAMPLES= per operation (default 50), MAX_TIME= s per service
	@tsx scripts/reliability/fuzz.ts --examples $(or $(EXAMPLES),50) $(if $(MAX_TIME),--max-time $(MAX_TIME))

fuzz-ci: deps generate ## The CI fuzzing round: 20 examples per operation, at most 60 s per service
	@tsx scripts/reliability/fuzz.ts --examples 20 --max-time 60

hostile: deps generate ## Hostile input suite (floods, slow clients, traversal, injection, content types, methods) over the real engines
	@NODE_ENV=test LOG_LEVEL=silent jest test/reliability

soak: deps generate ## Sustained load on loopback: MINUTES= (default 10) at RATE= req/s (default 30), STALL= s freezes (scripts/reliability/stall.ts); zero errors, flat RSS, percentiles per minute
	@tsx scripts/reliability/soak.ts --minutes $(or $(MINUTES),10) --rate $(or $(RATE),30) $(if $(STALL),--stall $(STALL))

soak-ci: deps generate ## The CI soak: one minute at 30 req/s; fails on any error or a rising RSS floor (scripts/reliability/rss-rule.ts)
	@tsx scripts/reliability/soak.ts --minutes 1 --rate 30

# Fault injection stops engines: by default a private set under FAULTS_ENGINES (MariaDB 13306, Kafka
# 29092, Elasticsearch 29200, removed at the end); FAULTS_ENGINES=shared stops and restarts the
# engines of MARQUEE_HOME (CI, alone on its machine) and leaves them running.
FAULTS_ENGINES ?= /tmp/marquee-faults-engines
faults: deps build ## Fault injection under load: each engine stopped and each service killed (-9) in turn; RATE= req/s (25), DOWN= s (12), FAULTS_ENGINES=
	@tsx scripts/reliability/faults.ts --engines $(FAULTS_ENGINES) --rate $(or $(RATE),25) --down $(or $(DOWN),12) $(if $(FAULTS),--faults $(FAULTS))

faults-ci: deps build ## The CI fault round: MariaDB, Kafka, Elasticsearch and one service kill (ingest), 10 s each, at 20 req/s
	@tsx scripts/reliability/faults.ts --engines $(FAULTS_ENGINES) --rate 20 --down 10 --faults mariadb,kafka,elasticsearch,ingest

reliability: deps build ## Fuzzing, hostile input, the soak and fault injection, then bench/RELIABILITY.md (figures, machine, date, commit)
	@tsx bench/reliability.ts --engines $(FAULTS_ENGINES) $(if $(MINUTES),--minutes $(MINUTES)) $(if $(EXAMPLES),--examples $(EXAMPLES))

corpus: deps ## Generator on 11 large public specs (codegen/corpus/manifest.json; fetched from npm once): generate + tsc, one line per spec
	@tsx codegen/corpus/run.ts
