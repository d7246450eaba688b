# SPDX-License-Identifier: GPL-2.0
#
# Debian packages of the patched kernel, included by Makefile.kernel.
#
#   deb      linux-image-*-ioprobe and linux-headers-*-ioprobe .debs in
#            build/packages/, built with the kernel's own `bindeb-pkg`
#   install  deb, then dpkg -i: Debian's /etc/kernel hooks make the initramfs
#            and the boot entry, and `apt remove` undoes both
#   system-config   the small config the system test boots under QEMU
#
# The release carries -ioprobe, so the packages never replace the
# distribution's kernel: both stay installed and bootable side by side.

KDEB := $(ROOT)/build/kernel-deb
PACKAGES := $(ROOT)/build/packages
SYSTEM_FRAGMENT := $(ROOT)/packaging/system-test/kernel.fragment
SYSTEM_CONFIG := $(ROOT)/build/system-test/kernel.config
# The Debian revision of every package built here: fixed, so a rebuild
# replaces the files in build/packages/ instead of adding new ones.
KDEB_REVISION := 1

ifeq ($(KSRC),)
DEB_SRC := $(KDEB)/linux
else
DEB_SRC := $(abspath $(KSRC))
endif

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

# The config source: KCONFIG, else the running kernel's. It is copied only
# when it changed, so an unchanged config rebuilds incrementally.
deb_config: deb_tree
	@set -e; src="$(KCONFIG)"; \
	if [ -z "$$src" ]; then src=/boot/config-$$(uname -r); fi; \
	if [ ! -f "$$src" ]; then \
		echo "error: no kernel config at $$src: pass KCONFIG=/path/to/.config" >&2; \
		exit 1; \
	fi; \
	src=$$(realpath "$$src"); cd $(DEB_SRC); \
	if ! cmp -s "$$src" .ioprobe-config-source || [ ! -f .config ]; then \
		echo "  CONFIG   $$src"; \
		cp "$$src" .ioprobe-config-source; cp "$$src" .config; \
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
# neither that key nor a use for a -dbg package).
deb_build: deb_config
	@mkdir -p $(KDEB) $(PACKAGES)
	@set -e; rel=$$($(KMAKE) -s -C $(DEB_SRC) kernelrelease); \
	echo "  KERNEL   make bindeb-pkg $$rel (log: $(KDEB)/bindeb-pkg.log)"; \
	$(KMAKE) -C $(DEB_SRC) -j$(JOBS) bindeb-pkg \
		KDEB_PKGVERSION=$$rel-$(KDEB_REVISION) > $(KDEB)/bindeb-pkg.log 2>&1 || \
		{ tail -n 40 $(KDEB)/bindeb-pkg.log; \
		  echo "error: kernel package build failed, see $(KDEB)/bindeb-pkg.log" >&2; exit 1; }; \
	rm -f $(PACKAGES)/linux-image-*-ioprobe_* $(PACKAGES)/linux-headers-*-ioprobe_*; \
	for p in linux-image linux-headers; do \
		f=$(dir $(DEB_SRC))$${p}-$${rel}_$${rel}-$(KDEB_REVISION)_amd64.deb; \
		[ -f "$$f" ] || { echo "error: bindeb-pkg wrote no $$f" >&2; exit 1; }; \
		cp "$$f" $(PACKAGES)/; \
		echo "  DEB      $(PACKAGES)/$$(basename $$f)"; \
	done; \
	echo "$$rel" > $(PACKAGES)/kernel.release

# From linux-source-6.1 (no KSRC) the packages are rebuilt only when what
# they are made of changed: the config, the probe, this file, the tarball.
DEB_CONFIG_SRC = $(or $(KCONFIG),/boot/config-$(shell uname -r))
deb_key = { cat "$(DEB_CONFIG_SRC)" $(PATCH_FILE) $(UAPI_HDR) \
	    $(addprefix $(PROBE)/,$(HOOK_FILES)) $(ROOT)/packaging/kernel-deb.mk; \
	    ls -l --time-style=+%s $(TARBALL); echo "$(LOCALMODCONFIG)"; } 2>/dev/null | sha256sum

deb:
	@command -v dpkg-deb > /dev/null || \
		{ echo "error: dpkg-deb not found: 'deb' builds Debian packages (apt-get install dpkg-dev)" >&2; exit 1; }
	@set -e; \
	if [ -z "$(KSRC)" ] && [ -f $(PACKAGES)/kernel.release ] && \
	   [ "$$($(deb_key))" = "$$(cat $(KDEB)/deb.key 2>/dev/null)" ] && \
	   ls $(PACKAGES)/linux-image-$$(cat $(PACKAGES)/kernel.release)_*.deb > /dev/null 2>&1; then \
		echo "  DEB      linux-image-$$(cat $(PACKAGES)/kernel.release) is up to date"; \
	else \
		rm -f $(KDEB)/deb.key; \
		$(MAKE) --no-print-directory -f $(ROOT)/Makefile.kernel deb_build; \
		if [ -z "$(KSRC)" ]; then $(deb_key) > $(KDEB)/deb.key; fi; \
	fi

install:
	@command -v dpkg > /dev/null || \
		{ echo "error: dpkg not found: 'install' installs Debian packages; on this system use 'apply' and its own kernel build" >&2; exit 1; }
	@[ "$$(id -u)" = 0 ] || \
		{ echo "error: installing a kernel needs root: sudo make -f Makefile.kernel install" >&2; exit 1; }
	@$(MAKE) --no-print-directory -f $(ROOT)/Makefile.kernel deb
	@set -e; rel=$$(cat $(PACKAGES)/kernel.release); \
	dpkg -i $(PACKAGES)/linux-image-$${rel}_*.deb $(PACKAGES)/linux-headers-$${rel}_*.deb; \
	echo "  DONE     kernel $$rel installed next to the distribution's"; \
	echo "  boot it: reboot and pick 'Debian GNU/Linux, with Linux $$rel' under"; \
	echo "           'Advanced options' in GRUB (or: grub-reboot \"Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux $$rel\")"; \
	echo "  check:   uname -r  ->  $$rel"; \
	echo "  remove:  apt remove linux-image-$$rel linux-headers-$$rel"

.PHONY: deb_tree deb_config deb_build
