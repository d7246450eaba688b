# The README's two commands:
#   make run    set up, build, boot the patched kernel under QEMU, print the entry-latency table
#   make test   set up, build, run every test (unit and boot-the-kernel integration tests)
# Both install missing Debian packages first (needs root) and change nothing else on the host.

BUILD ?= build
JOBS ?= $(shell nproc)
RUN_ARGS ?= --scenario linux-qemu --iterations 10000

.PHONY: all deps build guest run test clean

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

test: build guest
	cd $(BUILD) && ctest --output-on-failure --timeout 1800

clean:
	rm -rf $(BUILD)
