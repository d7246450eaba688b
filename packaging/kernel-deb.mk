# SPDX-License-Identifier: GPL-2.0
#
# Debian packages of the patched kernel, included by Makefile.kernel.
#
#   deb      linux-image-*-ioprobe and linux-headers-*-ioprobe .debs in
#            build/packages/, built with the kernel's own `bindeb-pkg`, as
#            the user who owns the checkout
#   install  (root) dpkg -i of what `deb` built, nothing built: Debian's
#            /etc/kernel hooks make the initramfs and the boot entry, and
#            `apt remove` undoes both
#   system-config   the small config the system test boots under QEMU
#
# The release carries -ioprobe, so the packages never replace the
# distribution's kernel: both stay installed and bootable side by side.
# Every build whose contents changed gets a new Debian revision
# (packaging/kernel-revision.sh), and `install` refuses to replace the
# running kernel's package (packaging/kernel-install.sh).

KDEB := $(ROOT)/build/kernel-deb
PACKAGES := $(ROOT)/build/packages
SYSTEM_FRAGMENT := $(ROOT)/packaging/system-test/kernel.fragment
SYSTEM_CONFIG := $(ROOT)/build/system-test/kernel.config
# The last build's Debian revision (packaging/kernel-revision.sh).
KDEB_REVISION_FILE := $(KDEB)/revision

# DEB_CONFIG_KEPT: a copy of the config the tree was last built from, kept
# where a fresh unpack of the tree does not delete it.
ifeq ($(KSRC),)
DEB_SRC := $(KDEB)/linux
DEB_CONFIG_KEPT := $(KDEB)/config-source
else
DEB_SRC := $(abspath $(KSRC))
DEB_CONFIG_KEPT := $(DEB_SRC)/.ioprobe-config-source
endif

# The config a build starts from: KCONFIG; else the one the tree was last
# built from; else, for a tree's first build, the running kernel's. So
# booting another kernel (the built one included) changes neither the config
# nor whether the packages are current.
DEB_CONFIG_SRC = $(or $(KCONFIG),$(wildcard $(DEB_CONFIG_KEPT)),/boot/config-$(shell uname -r))

# ------------------------------------------- linux-source-6.1, patched once

$(KDEB)/.unpacked: $(wildcard $(TARBALL))
	@if [ ! -f "$(TARBALL)" ]; then \
		echo "error: $(TARBALL) not found: apt-get install linux-source-6.1" >&2; \
		exit 1; \
	fi
	$(call msg,UNPACK,$(TARBALL) -> $(KDEB)/linux)
	@rm -rf --one-file-system $(KDEB)/linux $(KDEB)/unpack $(KDEB)/.patched
	@mkdir -p $(KDEB)/unpack
	@tar -C $(KDEB)/unpack -xf $(TARBALL)
	@mv $(KDEB)/unpack/$(TARBALL_DIR) $(KDEB)/linux
	@rmdir $(KDEB)/unpack
	@touch $@

# A changed probe starts again from a clean tree: patching a patched tree
# twice is what `apply` refuses, and the tree is only build output here.
$(KDEB)/.patched: $(KDEB)/.unpacked $(PATCH_FILE) $(UAPI_HDR) \
		  $(addprefix $(PROBE)/,$(HOOK_FILES))
	@if [ -f $@ ]; then rm -f $(KDEB)/.unpacked; \
		$(MAKE) --no-print-directory -f $(ROOT)/Makefile.kernel $(KDEB)/.unpacked; fi
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile.kernel apply KSRC=$(KDEB)/linux
	@touch $@

# ------------------------------------------------------------ system config
# Written beside the tree (KCONFIG_CONFIG), so it never disturbs a build in it.

$(SYSTEM_CONFIG): $(KDEB)/.patched $(FRAGMENT) $(SYSTEM_FRAGMENT) $(CHECK_CONFIG)
	$(call msg,CONFIG,tinyconfig + $(notdir $(FRAGMENT)) + $(notdir $(SYSTEM_FRAGMENT)))
	@mkdir -p $(@D) $(KDEB)/sysconfig
	@set -e; dir=$(KDEB)/sysconfig; log=$$dir/config.log; \
	cd $(KDEB)/linux; export KCONFIG_CONFIG=$$dir/.config; \
	$(KMAKE) -s tinyconfig > $$log 2>&1 || { cat $$log; exit 1; }; \
	cat $(FRAGMENT) $(SYSTEM_FRAGMENT) > $$dir/fragment; \
	scripts/kconfig/merge_config.sh -m $$dir/.config $$dir/fragment >> $$log 2>&1 || \
		{ cat $$log; exit 1; }; \
	$(KMAKE) -s olddefconfig >> $$log 2>&1 || { cat $$log; exit 1; }
	@$(CHECK_CONFIG) $(SYSTEM_FRAGMENT) $(KDEB)/sysconfig/.config
	@cp $(KDEB)/sysconfig/.config $@

system-config: $(SYSTEM_CONFIG)

# ------------------------------------------------------------------ packages

ifeq ($(KSRC),)
deb_tree: $(KDEB)/.patched
else
deb_tree:
	$(need_ksrc)
	@if ! patch -d "$(KSRC)" -p1 -R -s -f --dry-run < $(PATCH_FILE) \
		> /dev/null 2>&1; then \
		$(MAKE) --no-print-directory -f $(ROOT)/Makefile.kernel apply KSRC="$(KSRC)"; \
	fi
endif

# The config source (DEB_CONFIG_SRC) is copied only when it changed, so an
# unchanged config rebuilds incrementally.
deb_config: deb_tree
	@set -e; src="$(DEB_CONFIG_SRC)"; \
	if [ ! -f "$$src" ]; then \
		echo "error: no kernel config at $$src: pass KCONFIG=/path/to/.config" >&2; \
		exit 1; \
	fi; \
	src=$$(realpath "$$src"); cd $(DEB_SRC); \
	if ! cmp -s "$$src" $(DEB_CONFIG_KEPT) || [ ! -f .config ]; then \
		echo "  CONFIG   $$src"; \
		cp "$$src" .config; cmp -s "$$src" $(DEB_CONFIG_KEPT) || cp "$$src" $(DEB_CONFIG_KEPT); \
		if [ "$(LOCALMODCONFIG)" = 1 ]; then \
			echo "  CONFIG   localmodconfig (modules loaded now: lsmod)"; \
			yes '' | $(KMAKE) -s localmodconfig > /dev/null; \
		fi; \
	fi; \
	scripts/config --file .config --enable IOCTL_PROBE_HOOK \
		--set-str LOCALVERSION -ioprobe --disable LOCALVERSION_AUTO \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--disable DEBUG_INFO --enable DEBUG_INFO_NONE; \
	$(KMAKE) -s olddefconfig; $(KMAKE) -s syncconfig
	@printf 'CONFIG_IOCTL_PROBE_HOOK=y\nCONFIG_LOCALVERSION="-ioprobe"\n' \
		> $(DEB_SRC)/.ioprobe-fragment
	@$(CHECK_CONFIG) $(DEB_SRC)/.ioprobe-fragment $(DEB_SRC)/.config
	@rm -f $(DEB_SRC)/.ioprobe-fragment

# Debian's config signs modules with a key from its own packaging and
# carries debug info: both are switched off above (a self-built kernel has
# neither that key nor a use for a -dbg package). bindeb-pkg writes beside
# the tree: the packages are moved to build/packages/, the rest of what it
# wrote there for this version is deleted.
deb_build: deb_config
	@mkdir -p $(KDEB) $(PACKAGES)
	@set -e; rel=$$($(KMAKE) -s -C $(DEB_SRC) kernelrelease); \
	rev=$$($(ROOT)/packaging/kernel-revision.sh "$$rel" $(KDEB_REVISION_FILE)); \
	ver=$$rel-$$rev; parent=$(dir $(DEB_SRC)); \
	echo "  KERNEL   make bindeb-pkg $$ver (log: $(KDEB)/bindeb-pkg.log)"; \
	$(KMAKE) -C $(DEB_SRC) -j$(JOBS) bindeb-pkg \
		KDEB_PKGVERSION=$$ver > $(KDEB)/bindeb-pkg.log 2>&1 || \
		{ tail -n 40 $(KDEB)/bindeb-pkg.log; \
		  echo "error: kernel package build failed, see $(KDEB)/bindeb-pkg.log" >&2; exit 1; }; \
	rm -f $(PACKAGES)/linux-image-*-ioprobe_* $(PACKAGES)/linux-headers-*-ioprobe_*; \
	for p in linux-image linux-headers; do \
		f=$$parent$${p}-$${rel}_$${ver}_amd64.deb; \
		[ -f "$$f" ] || { echo "error: bindeb-pkg wrote no $$f" >&2; exit 1; }; \
		mv "$$f" $(PACKAGES)/; \
		echo "  DEB      $(PACKAGES)/$$(basename $$f)"; \
	done; \
	rm -f "$$parent"linux-libc-dev_$${ver}_amd64.deb "$$parent"linux-upstream_$${ver}_amd64.buildinfo \
		"$$parent"linux-upstream_$${ver}_amd64.changes; \
	echo "$$rev" > $(KDEB_REVISION_FILE); \
	echo "$$rel" > $(PACKAGES)/kernel.release; \
	echo "$$ver" > $(PACKAGES)/kernel.version

# From linux-source-6.1 (no KSRC) the packages are rebuilt only when what
# they are made of changed: the config, the probe, this file, the tarball.
# Never the running kernel: see DEB_CONFIG_SRC.
# A missing file changes the key; under `set -e` too (|| true).
deb_key = { cat "$(DEB_CONFIG_SRC)" $(PATCH_FILE) $(UAPI_HDR) \
	    $(addprefix $(PROBE)/,$(HOOK_FILES)) $(ROOT)/packaging/kernel-deb.mk || true; \
	    ls -l --time-style=+%s $(TARBALL) || true; echo "$(LOCALMODCONFIG)"; } 2>/dev/null | sha256sum
# What the packages in build/packages/ were built from, when from linux-source-6.1.
DEB_KEY_FILE := $(KDEB)/deb.key

deb:
	@command -v dpkg-deb > /dev/null || \
		{ echo "error: dpkg-deb not found: 'deb' builds Debian packages (apt-get install dpkg-dev)" >&2; exit 1; }
	@set -e; key=$$($(deb_key)); \
	rel=$$(cat $(PACKAGES)/kernel.release 2>/dev/null || true); \
	ver=$$(cat $(PACKAGES)/kernel.version 2>/dev/null || true); \
	if [ -z "$(KSRC)" ] && [ "$$key" = "$$(cat $(DEB_KEY_FILE) 2>/dev/null)" ] && \
	   [ -f $(PACKAGES)/linux-image-$${rel}_$${ver}_amd64.deb ] && \
	   [ -f $(PACKAGES)/linux-headers-$${rel}_$${ver}_amd64.deb ]; then \
		echo "  DEB      linux-image-$$rel $$ver is up to date"; \
	else \
		rm -f $(DEB_KEY_FILE) $(PACKAGES)/kernel.release $(PACKAGES)/kernel.version; \
		$(MAKE) --no-print-directory -f $(ROOT)/Makefile.kernel deb_build; \
		if [ -z "$(KSRC)" ]; then echo "$$key" > $(DEB_KEY_FILE); fi; \
	fi

# Installs what `deb` built and nothing else: never a build, as root, in the
# user's checkout. Packages built from linux-source-6.1 whose inputs changed
# since are refused (a KSRC build records no key: it is installed as built).
install:
	@command -v dpkg > /dev/null || \
		{ echo "error: dpkg not found: 'install' installs Debian packages; on this system use 'apply' and its own kernel build" >&2; exit 1; }
	@[ "$$(id -u)" = 0 ] || \
		{ echo "error: installing a kernel needs root: build as your user (make -f Makefile.kernel deb), then sudo make -f Makefile.kernel install" >&2; exit 1; }
	@if [ -z "$(KSRC)" ] && [ -f $(DEB_KEY_FILE) ] && \
	   [ "$$($(deb_key))" != "$$(cat $(DEB_KEY_FILE))" ]; then \
		echo "error: the kernel's config, probe or sources changed since build/packages/ was built: build again first, as your user: make -f Makefile.kernel deb" >&2; \
		exit 1; \
	fi
	@$(ROOT)/packaging/kernel-install.sh $(PACKAGES)

.PHONY: deb_tree deb_config deb_build
