# Marquee: the one entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

SERVICES := identity catalog audience ingest enricher
# Demo moviegoer profiles `make seed` loads into Elasticsearch: 10k, 100k, 1m or a number.
SIZE ?= 10k

.PHONY: help deps generate corpus check-generated breaking release lint typecheck test test-only up down status infra-up infra-down infra-status migrate seed docs docs-serve mock bench clean sdk-partners seed-catalog seed-direct import raw-files

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json $(wildcard */package.json services/*/package.json)
	@echo "deps: npm ci"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: node_modules/.package-lock.json ## Install npm dependencies (npm ci) when package files changed

generate: deps ## specs/ -> generated/ (types, stubs, clients, API reference); skips when unchanged
	@tsx codegen/src/cli.ts

check-generated: deps ## Regenerate from scratch and fail if generated/ or deploy/ differs from what is committed
	@tsx codegen/src/cli.ts --force
	@git diff --exit-code --stat -- generated/ deploy/ || { echo "generated/ or deploy/ is out of date: run 'make generate' and commit the result"; exit 1; }

breaking: deps ## Breaking-change gate: every spec vs BASE (default: latest release tag, else merge-base with main)
	@tsx codegen/src/breaking.ts $(if $(BASE),--base $(BASE))

release: deps ## Release one contract: make release SERVICE=audience [DRY_RUN=1] (bumps, changelog, commit, tag)
	@test -n "$(SERVICE)" || { echo "usage: make release SERVICE=<name> [DRY_RUN=1]"; exit 2; }
	@tsx codegen/src/release.ts --service $(SERVICE) $(if $(DRY_RUN),--dry-run)

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

migrate: deps ## Apply every service's migrations to its own database
	@for s in $(SERVICES); do tsx services/$$s/src/db-cli.ts migrate || exit 1; done

seed-catalog: migrate ## Load the believable demo catalog (and the identity demo tenants and clients)
	@tsx services/identity/src/db-cli.ts seed
	@tsx services/catalog/src/db-cli.ts seed

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

up: deps infra-up generate seed docs ## Set up and run the whole platform locally (services, docs portal on 4090)
	@scripts/services.sh up
	@echo "  Get a token (local-dev demo client of northstar-cinemas; see README, Authentication):"
	@echo "    curl -s -u northstar-demo:northstar-demo-local-dev-secret -d grant_type=client_credentials http://127.0.0.1:4000/oauth/token"

down: ## Stop everything `make up` started
	@scripts/services.sh down
	@scripts/infra.sh down

status: ## Services and engines
	@scripts/services.sh status; scripts/infra.sh status

test: deps infra-up generate ## The whole suite over the real engines: lint, types, unit, integration, faults
	@$(MAKE) --no-print-directory lint typecheck
	@NODE_ENV=test LOG_LEVEL=silent jest --ci
	@echo "test: engine fault tests (they stop and restart engines, so they run alone)"
	@NODE_ENV=test LOG_LEVEL=silent JEST_SERIAL=1 jest --ci --runInBand

test-only: ## Run jest alone (engines must be up): make test-only ARGS=path/to/test
	@NODE_ENV=test LOG_LEVEL=silent jest $(ARGS)

docs: generate ## Build the docs portal (every service and release, Scalar) into dist/docs
	@tsx codegen/src/portal/build.ts --out dist/docs
	@echo "API reference (own emitter): file://$(CURDIR)/generated/docs/index.html"

docs-serve: docs ## Build the docs portal and serve it at http://127.0.0.1:4090 (foreground)
	@tsx codegen/src/portal/serve.ts --dir dist/docs --port $(or $(PORT),4090)

mock: deps generate ## Prism mock server for one spec: make mock SERVICE=catalog (catalog 4110, audience 4120; PORT= to override)
	@test -n "$(SERVICE)" || { echo "usage: make mock SERVICE=<name> [PORT=<port>]"; exit 2; }
	@scripts/mock.sh $(SERVICE) $(PORT)

bench: deps infra-up generate migrate ## Benchmarks: BENCH=http,diff,audience,infra,sdk (default all); results in bench/RESULTS.md
	@tsx bench/run.ts

clean: ## Remove build output (not the engines' data)
	@rm -rf generated/docs dist/docs bench/.tmp

sdk-partners: deps generate ## Partner SDKs (Python, Go, Java) by openapi-generator into dist/sdk/<language>/<service>, compiled
	@tsx codegen/src/partner-sdks/build.ts $(if $(LANGS),--lang $(LANGS))

.PHONY: sdk publish-sdk registry
sdk: deps generate ## TypeScript SDKs (@marquee/<service>-sdk, ESM + .d.ts) into dist/sdk/ts/<service>
	@tsx codegen/src/sdk/build.ts

publish-sdk: sdk ## Publish the TypeScript SDKs to NPM_REGISTRY (default the local Verdaccio: make registry)
	@tsx codegen/src/sdk/publish.ts

registry: deps ## Local npm registry (Verdaccio) on 127.0.0.1:4873, storage in .marquee/verdaccio (foreground)
	@tsx scripts/verdaccio/registry.ts

.PHONY: clients
clients: deps ## Pinned internal clients: calls [{service, version: 1.x}] in the registry -> generated/<consumer>/clients/<provider>/ from the release tag
	@tsx codegen/src/versioned-clients.ts

corpus: deps ## Generator on 11 large public specs (codegen/corpus/manifest.json; fetched from npm once): generate + tsc, one line per spec
	@tsx codegen/corpus/run.ts
