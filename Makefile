# The project's commands. `make test` is the whole test suite; CI runs it
# (.ci/run) on a fresh machine, so it also installs what the tests need.
GO ?= go
SHELL := /bin/bash

.PHONY: test check fmt-check vet unit browser kernel-setup lessons lessons-test lessons-html figures figures-browser bench bench-sd fuzz wasm web-speed

# Everything: static checks, Go tests (engine, conformance, charts in a real
# browser, the model, the commands, figures up to date), the figure pages
# drawn in headless Chromium, then every lesson executed in the GoNB kernel.
test: check browser unit figures-browser lessons-test

check: fmt-check vet

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# Headless Chromium for the chart and figure browser tests (Debian package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing chromium (Debian package) for the browser tests"; \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# Jupyter, the GoNB kernel, goimports and gopls; quick when already there.
kernel-setup:
	bash kernel-setup/install.sh

# The main job: the lessons in the classic Jupyter Notebook, on localhost.
lessons: kernel-setup
	bash kernel-setup/start-notebook.sh lessons

# Executes every lesson and every instructor solution notebook
# (lessons/solutions) headless and fails on any cell error: a solution whose
# self-check rejects it fails too. The headless setup skips what only the
# browser UI needs (the notebook server, gopls).
LESSON_NOTEBOOKS := lessons lessons/solutions
lessons-test:
	bash kernel-setup/install.sh --headless
	bash kernel-setup/run-notebooks.sh $(LESSON_NOTEBOOKS)

# The executed lessons and solutions as standalone HTML pages
# (build/lessons-html/), with a headless-Chromium check that their charts drew.
lessons-html: browser
	bash kernel-setup/install.sh --headless
	rm -rf build/lessons build/lessons-html
	bash kernel-setup/run-notebooks.sh -o build/lessons $(LESSON_NOTEBOOKS)
	bash kernel-setup/export-html.sh --images-from lessons build/lessons-html build/lessons
	bash kernel-setup/check-html.sh build/lessons-html

# Rebuilds the flight simulator's engine (sdmodel/web/assets) from this
# repository's code: GOOS=js GOARCH=wasm, -trimpath, the toolchain pinned in
# assets/go-toolchain. go test ./sdmodel/web/... fails when it is stale.
wasm:
	$(GO) generate ./sdmodel/web

# The flight simulator's speed bars, alone on the machine and without slack.
web-speed: browser
	$(GO) test -count=1 ./sdmodel/web -run TestTraffickingFlightSimulator -v -web.slack 1

# Regenerates figures/ from the model.
figures:
	$(GO) run ./cmd/figures

# Every figure page drawn in headless Chromium: charts not blank, no script errors.
figures-browser: browser
	bash kernel-setup/check-html.sh figures

# The engine against hand-coded loops on the 1,000-stock aging chain, in one
# process; BenchmarkAgingChainRatio reports the ratio of the fastest runs.
bench:
	$(GO) test ./sdmodel -run XXX -bench AgingChain -benchtime 200x

# Whole process: `sd run -saveper 1 -format tsv large.xmile` against a Go
# program written for that one model that computes and writes the same table
# (sdmodel/conformance/testdata/bench/handcoded), run alternately; reports
# the ratios of wall and CPU times. With hyperfine installed it also times
# the pair with hyperfine.
bench-sd:
	$(GO) test ./sdmodel/conformance -run XXX -bench SdRunVsHandCoded -benchtime 30x
	@if command -v hyperfine >/dev/null 2>&1; then \
		d=$$(mktemp -d); \
		$(GO) build -o $$d/sd ./cmd/sd && $(GO) build -o $$d/handcoded ./sdmodel/conformance/testdata/bench/handcoded && \
		hyperfine -N --warmup 3 --output null \
			"$$d/sd run -saveper 1 -format tsv sdmodel/conformance/testdata/bench/large.xmile" "$$d/handcoded"; \
		rm -rf $$d; \
	fi

fuzz:
	$(GO) test ./sdmodel/expr -run XXX -fuzz FuzzParse -fuzztime 60s
	$(GO) test ./sdmodel/expr -run XXX -fuzz FuzzCanonical -fuzztime 30s
	$(GO) test ./sdmodel/units -run XXX -fuzz FuzzParseUnits -fuzztime 60s
	$(GO) test ./sdmodel/xmile -run XXX -fuzz FuzzRead -fuzztime 60s
	$(GO) test ./sdmodel/vensim -run XXX -fuzz FuzzRead -fuzztime 60s
	$(GO) test ./sdmodel/vensim -run XXX -fuzz FuzzBIFF -fuzztime 30s
