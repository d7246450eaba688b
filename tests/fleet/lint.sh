#!/bin/bash
# Usage: tests/fleet/lint.sh SOURCE_DIR   (ctest deploy_ansible_lint)
# deploy/ansible passes ansible-lint (its production profile, the strictest); SKIPPED (77)
# without ansible-lint. Its caches go to a scratch folder, not the user's home.
set -euo pipefail
command -v ansible-lint > /dev/null || {
	echo "SKIPPED: no ansible-lint (scripts/install-deps.sh installs it)"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$1"
XDG_CACHE_HOME=$tmp ANSIBLE_HOME=$tmp/ansible ANSIBLE_LOCAL_TEMP=$tmp/ansible-tmp \
	ansible-lint --offline --profile production deploy/ansible
