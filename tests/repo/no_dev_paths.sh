#!/bin/bash
# Usage: no_dev_paths.sh SOURCE_DIR
# Fails when a fixture, figure or document of the repository holds an absolute path of a
# development machine (/work/..., /root/..., /home/...): captured files are scrubbed to
# neutral placeholders (/opt/...) before they are committed.
set -euo pipefail
src=${1:?usage: no_dev_paths.sh SOURCE_DIR}
cd "$src"
pattern='/(work|root|home)/[A-Za-z0-9._-]'
hits=$(grep -rIlE "$pattern" tests/fixtures tests/hostile doc fuzz/corpus README.md 2> /dev/null || true)
for xz in $(find tests/fixtures -name '*.xz'); do
	if xz -dc "$xz" | grep -qE "$pattern"; then hits+=$'\n'"$xz"; fi
done
hits=$(echo "$hits" | sed '/^$/d')
if [ -n "$hits" ]; then
	echo "no_dev_paths: development-machine paths in:" >&2
	echo "$hits" | sed 's/^/  /' >&2
	exit 1
fi
echo "no_dev_paths: none"
