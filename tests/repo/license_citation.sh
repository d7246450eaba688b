#!/bin/bash
# Usage: license_citation.sh SOURCE_DIR
# The license and the citation agree with each other and with the tree: every SPDX line is one
# LICENSE names (GPL-2.0, i.e. GPL-2.0-only; the shared header GPL-2.0 WITH Linux-syscall-note),
# CITATION.cff names that license and the version of project() in CMakeLists.txt, and the
# Debian copyright files of packaging/ name GPL-2.
set -euo pipefail
src=${1:?usage: license_citation.sh SOURCE_DIR}
cd "$src"
bad=0
fail() {
	echo "license_citation: $*" >&2
	bad=1
}

grep -q '^SPDX-License-Identifier: GPL-2.0-only\b\|(SPDX-License-Identifier: GPL-2.0-only)' LICENSE ||
	fail "LICENSE does not name GPL-2.0-only"
# Every SPDX line of the tracked files (the build tree and fetched sources are not the project's).
while IFS= read -r line; do
	file=${line%%:*}
	id=$(sed -E 's/.*SPDX-License-Identifier: *//; s/ *(\*\/)? *$//' <<<"${line#*:}")
	case $id in
	GPL-2.0 | GPL-2.0-only) ;;
	"GPL-2.0 WITH Linux-syscall-note") [ "$file" = include/ioctl_probe/ioctl_probe.h ] ||
		fail "$file: $id (only the shared header carries the syscall note)" ;;
	*) fail "$file: SPDX '$id' is not the project's license (LICENSE: GPL-2.0-only)" ;;
	esac
done < <(git ls-files -z 2>/dev/null | xargs -0 grep -H 'SPDX-License-Identifier:' 2>/dev/null |
	grep -v '^LICENSE:\|^tests/repo/license_citation.sh:' || true)

version=$(sed -nE 's/^project\([a-z_]+ VERSION ([0-9.]+) .*/\1/p' CMakeLists.txt)
[ -n "$version" ] || fail "CMakeLists.txt: project() has no VERSION"
grep -qx 'cff-version: 1.2.0' CITATION.cff || fail "CITATION.cff: not cff-version 1.2.0"
grep -qx "version: $version" CITATION.cff || fail "CITATION.cff: version is not $version"
grep -qx 'license: GPL-2.0-only' CITATION.cff || fail "CITATION.cff: license is not GPL-2.0-only"
for key in message title authors; do
	grep -q "^$key:" CITATION.cff || fail "CITATION.cff: no $key (required by CFF 1.2.0)"
done
grep -A1 '^authors:' CITATION.cff | grep -q '  - name: syscall-rewriting-bench maintainers' ||
	fail "CITATION.cff: the authors are not the maintainers"
for copyright in packaging/toolkit/copyright packaging/dkms/debian/copyright; do
	grep -q '^License: GPL-2\b' "$copyright" || fail "$copyright: not GPL-2"
	grep -q 'syscall-rewriting-bench maintainers' "$copyright" || fail "$copyright: other holders"
done
[ "$bad" = 0 ] || exit 1
echo "license_citation: GPL-2.0-only everywhere, CITATION.cff version $version"
