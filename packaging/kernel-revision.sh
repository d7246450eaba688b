#!/bin/bash
# Usage: packaging/kernel-revision.sh RELEASE STATE_FILE
#
# Prints the Debian revision of a new build of the -ioprobe kernel packages of RELEASE: one
# more than the last build's (STATE_FILE, which the build updates) and than the installed
# linux-image-RELEASE's. A package whose contents changed thus never reuses a version: dpkg
# and apt see an upgrade, not a silent reinstall of "the same" package, and a `make clean`
# (which loses STATE_FILE) does not go back below what is installed.
set -euo pipefail

rel=$1 state=$2
last=$(cat "$state" 2> /dev/null || true)
[[ $last =~ ^[0-9]+$ ]] || last=0
installed=$(dpkg-query -W -f='${Version}' "linux-image-$rel" 2> /dev/null || true)
installed=${installed#"$rel"-}
[[ $installed =~ ^[0-9]+$ ]] || installed=0
echo $(((last > installed ? last : installed) + 1))
