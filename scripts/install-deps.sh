#!/usr/bin/env bash
# Installs what building, running and testing the project needs, from Debian 12's archive.
# Does nothing (and needs no network) when everything is already installed.
set -euo pipefail

packages=(
  # project build
  build-essential cmake pkg-config
  libboost-dev libboost-program-options-dev libboost-filesystem-dev
  libkmod-dev libgtest-dev googletest
  # --probe tracepoint: tracefs instances and trace events (the libraries trace-cmd uses)
  libtracefs-dev libtraceevent-dev
  # JSON (summaries, run records) and archives (initramfs, guest results)
  nlohmann-json3-dev libarchive-dev
  # guest kernel (Makefile.kernel)
  linux-source-6.1 flex bison bc libelf-dev libssl-dev xz-utils cpio kmod perl
  # Debian packages: the kernel's bindeb-pkg, the toolkit (CPack) and the DKMS module
  rsync dpkg-dev fakeroot debhelper dh-dkms dkms lintian
  # the toolkit package's manual pages, generated from each program's --help
  help2man
  # the system test's Debian image (packaging/system-test/)
  mmdebstrap e2fsprogs
  # running the guest, and the test scripts (chromium: index.html in a headless browser)
  qemu-system-x86 jq gnuplot-nox musl-tools chromium
  # many machines (deploy/ansible/) and its test: two guests on overlays, reached over ssh
  ansible ansible-lint qemu-utils openssh-client
  # fuzzing the collector's parsers (fuzz/run.sh: libFuzzer + ASan/UBSan runtimes)
  clang clang-14 libclang-rt-14-dev
  # syscall rewriter (rewriter/, tests/rewriter/: real static binaries of several toolchains)
  libzydis-dev libzycore-dev libssl-dev busybox-static golang-go rustc strace gfortran gnat
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root (or with sudo)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
