#!/bin/bash
# Usage: git_commit.sh SOURCE_DIR
# cmake/git_commit.cmake, which bakes the source commit into the collector at every build:
# a full commit id in a checkout (after "<tag>-<n>-g" on a tagged history), "-dirty" once a
# tracked file changes, "unknown" for a tree without its own .git (a source tarball), even when
# unpacked inside another repository.
set -euo pipefail
src=$(cd "${1:?usage: git_commit.sh SOURCE_DIR}" && pwd)
command -v git >/dev/null || { echo "SKIPPED: git is not installed"; exit 77; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
# commit_of DIR: what the script writes for DIR.
commit_of() {
	cmake -DSOURCE_DIR="$1" -DOUTPUT="$w/out.cpp" -P "$src/cmake/git_commit.cmake"
	sed -nE 's/.*kGitCommit = "(.*)";/\1/p' "$w/out.cpp"
}

mkdir -p "$w/repo"
git -C "$w/repo" init -q
echo one >"$w/repo/file"
git -C "$w/repo" add file
git -C "$w/repo" -c user.name=t -c user.email=t@t commit -qm one
head=$(git -C "$w/repo" rev-parse HEAD)
got=$(commit_of "$w/repo")
[ "$got" = "$head" ] || fail "clean checkout: '$got', expected $head"
echo "ok: clean checkout -> $got"

before=$(stat -c %Y "$w/out.cpp")
sleep 1
commit_of "$w/repo" >/dev/null
[ "$(stat -c %Y "$w/out.cpp")" = "$before" ] || fail "unchanged commit rewrote the file (rebuilds)"
echo "ok: an unchanged commit leaves the generated file alone"

echo two >"$w/repo/file"
got=$(commit_of "$w/repo")
[ "$got" = "$head-dirty" ] || fail "changed tracked file: '$got', expected $head-dirty"
echo "ok: changed tracked file -> $got"

mkdir -p "$w/repo/tarball"  # inside the repository, but without a .git of its own
got=$(commit_of "$w/repo/tarball")
[ "$got" = unknown ] || fail "tree without .git: '$got', expected unknown"
echo "ok: tree without .git -> unknown"

git -C "$w/repo" checkout -q file
git -C "$w/repo" -c user.name=t -c user.email=t@t tag -a v9.9 -m v9.9
got=$(commit_of "$w/repo")
[ "$got" = "v9.9-0-g$head" ] || fail "tagged: '$got', expected v9.9-0-g$head (the full id still there)"
echo "ok: on a tag -> $got"
