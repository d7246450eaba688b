#!/bin/bash
# Usage: tests/packaging/manpages.sh BUILD
# The toolkit installs a manual page for each program on PATH (packaging/toolkit.cmake), made
# from the program's own --help at build time: installed into a staging prefix as the package
# is, each page exists, has its NAME line, names every long option its program's --help names
# (so it cannot drift), and formats without a warning from man (what lintian checks).
# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"

build=$1

cmake --install "$build" --prefix "$tmp/usr" > "$tmp/install.log" 2>&1 || {
	cat "$tmp/install.log"
	fail "cmake --install failed"
}
for program in collector syscall-rewriter; do
	page=$tmp/usr/share/man/man1/$program.1.gz
	[ -f "$page" ] || fail "no manual page for $program (expected share/man/man1/$program.1.gz)"
	zcat "$page" > "$tmp/$program.1"
	lexgrog "$tmp/$program.1" | grep -q "\"$program - " || fail "$program.1 has no NAME line: $(lexgrog "$tmp/$program.1")"
	# man writes each option as \-\-name; the page's text, unescaped, must hold them all.
	sed 's/\\-/-/g; s/\\f[BIRP]//g' "$tmp/$program.1" > "$tmp/$program.txt"
	options=$("$tmp/usr/bin/$program" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	[ -n "$options" ] || fail "$program --help names no option"
	for option in $options; do
		grep -qF -- "$option" "$tmp/$program.txt" || fail "$program.1 lacks $option, which --help names"
	done
	warnings=$(man --warnings -E UTF-8 -l -Tutf8 -Z "$tmp/$program.1" 2>&1 > /dev/null || true)
	[ -z "$warnings" ] || fail "man warns about $program.1: $warnings"
	echo "ok: $program.1: NAME, all $(echo "$options" | wc -l) options of --help, no man warning"
done
echo PASS
