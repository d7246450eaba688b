# The README's two commands:
#   make run    set up, build, boot the patched kernel under QEMU, print the entry-latency table
#   make test   set up, build, run every test: fuzzers (bounded), the unit suite under
#               ASan+UBSan, then unit and boot-the-kernel integration tests (ctest)
# Both install missing Debian packages first (needs root) and change nothing else on the host.

BUILD ?= build
JOBS ?= $(shell nproc)
RUN_ARGS ?= --scenario linux-qemu --iterations 10000
FUZZ_SECONDS ?= 60

.PHONY: all deps build guest run test test-quick fuzz sanitize clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

guest: deps
	@$(MAKE) --no-print-directory -f Makefile.kernel guest

run: build guest
	$(BUILD)/bin/collector $(RUN_ARGS)

# ctest last, so its summary is the closing line.
test: build guest fuzz sanitize test-quick

test-quick: build guest
	cd $(BUILD) && ctest --output-on-failure --timeout 1800

fuzz: deps
	fuzz/run.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

sanitize: deps
	tests/sanitize.sh $(BUILD)-sanitize

clean:
	rm -rf $(BUILD) $(BUILD)-fuzz $(BUILD)-fuzz.configure.log $(BUILD)-sanitize
