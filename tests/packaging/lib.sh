# shellcheck shell=bash
# Helpers shared by the packaging test scripts (sourced, not run): strict mode, a scratch
# folder $tmp deleted on exit, fail. (remove_tree.sh, the one that mounts, does so in a mount
# namespace of its own, whose mounts end with it.)
set -euo pipefail

tmp=$(mktemp -d)
trap 'rm -rf --one-file-system "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
