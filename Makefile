# The README's two commands:
#   make run    set up, build, boot the patched kernel under QEMU, print the entry-latency table
#   make test   set up, build, run every test: fuzzers (bounded), the unit suite under
#               ASan+UBSan, then unit and boot-the-kernel integration tests (ctest)
# Both install missing Debian packages first (needs root) and change nothing else on the host.

BUILD ?= build
JOBS ?= $(shell nproc)
RUN_ARGS ?= --scenario linux-qemu --iterations 10000
FUZZ_SECONDS ?= 60

.PHONY: all deps build guest run test test-quick test-fleet fuzz sanitize clean packages system-test

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
test: build guest fuzz sanitize system-test test-quick

# Without the system test's image (make system-test) its two users, the fleet test and the
# image checks, are SKIPPED.
test-quick: build guest
	cd $(BUILD) && ctest --output-on-failure --timeout 1800

# The Ansible playbook alone, against two Debian guests under QEMU (about 7 minutes under TCG).
test-fleet: system-test
	cd $(BUILD) && ctest --output-on-failure -L fleet

fuzz: deps
	fuzz/run.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

sanitize: deps
	tests/sanitize.sh $(BUILD)-sanitize

# build/packages/: the toolkit (CPack) and the probe module as a DKMS package.
packages: build
	@cd $(BUILD) && cpack -G DEB > cpack.log 2>&1 || \
		{ cat cpack.log; echo "error: cpack failed, see $(BUILD)/cpack.log" >&2; exit 1; }
	@ls build/packages/syscall-rewriting-bench_*.deb | sed 's/^/  DEB      /'
	@packaging/dkms/build.sh build/packages

# A real Debian 12 system under QEMU: the packages installed by apt, the patched kernel's
# packages by dpkg, every case a user runs (packaging/system-test/run.sh).
SYSTEM_KCONFIG := build/system-test/kernel.config
system-test: packages
	@$(MAKE) --no-print-directory -f Makefile.kernel system-config
	@$(MAKE) --no-print-directory -f Makefile.kernel deb KCONFIG=$(SYSTEM_KCONFIG) JOBS=$(JOBS)
	@packaging/system-test/run.sh

# remove-tree.sh: never deletes through a mount (a killed system-test image build of an
# earlier version could leave the host's /dev bound under build/).
clean:
	@for d in $(BUILD) $(BUILD)-fuzz $(BUILD)-sanitize; do packaging/remove-tree.sh "$$d"; done
	rm -f $(BUILD)-fuzz.configure.log
