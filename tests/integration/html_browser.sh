#!/usr/bin/env bash
# index.html in a real browser: `collector report DIR --html` on copies of the fixture results
# folders (an entry run and a round-trip run; no benchmark runs), each page loaded by headless
# Chromium (Debian's chromium). The page must load without one console message (the page has no
# script, so any message is a policy violation, a failed load or a parse error), and every
# summary.json member (each a table on the page), the console table and every figure the
# folder holds must be on the page as the browser built it. A control page with a load the
# page's policy blocks proves that a console message is seen. About 10 s; exit 77 (skipped)
# without chromium.
source "$(dirname "$0")/lib.sh"
: "${FIXTURES:?FIXTURES must point to tests/fixtures}"

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  echo "SKIPPED: no chromium (Debian: apt-get install chromium)"
  exit 77
fi

# load PAGE NAME: the DOM as Chromium built it into OUT/NAME.dom, its console into
# OUT/NAME.console (only the CONSOLE lines of Chromium's log).
load() {
  local page=$1 name=$2
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$OUT/profile" --enable-logging=stderr --v=0 \
    --dump-dom "file://$page" >"$OUT/$name.dom" 2>"$OUT/$name.log" ||
    fail "chromium could not load $page: $(tail -3 "$OUT/$name.log")"
  grep ':CONSOLE' "$OUT/$name.log" >"$OUT/$name.console" || true
}

# The control: the page's own policy (copied from a page the collector wrote) blocking an image.
cp -r "$FIXTURES/results/entry" "$OUT/entry"
"$BIN/collector" report "$OUT/entry" --html >"$OUT/entry.report" 2>&1 ||
  fail "collector report --html: $(cat "$OUT/entry.report")"
policy=$(grep -o '<meta http-equiv="Content-Security-Policy"[^>]*>' "$OUT/entry/index.html") ||
  fail "index.html has no Content-Security-Policy"
printf '<!DOCTYPE html><html><head>%s<title>c</title></head><body><img src="http://192.0.2.1/x.png"></body></html>\n' \
  "$policy" >"$OUT/control.html"
load "$OUT/control.html" control
[ -s "$OUT/control.console" ] || fail "the control page's blocked load left no console line"
echo "ok: a blocked load is seen on the console"

for kind in entry roundtrip; do
  dir=$OUT/$kind
  if [ "$kind" != entry ]; then
    cp -r "$FIXTURES/results/$kind" "$dir"
    "$BIN/collector" report "$dir" --html >"$OUT/$kind.report" 2>&1 ||
      fail "collector report --html: $(cat "$OUT/$kind.report")"
  fi
  load "$dir/index.html" "$kind"
  [ ! -s "$OUT/$kind.console" ] || fail "$kind/index.html: console: $(cat "$OUT/$kind.console")"
  dom=$OUT/$kind.dom
  grep -q "</main>" "$dom" || fail "$kind: the page did not load whole"
  id=run-$kind
  members=0
  for member in $(jq -r 'keys[]' "$dir/summary.json"); do
    # The machine section, the warnings box; an older summary's top-level cpu is read into
    # environment.cpu and shown in the machine section.
    case $member in environment | warnings | cpu) continue ;; esac
    grep -q "id=\"$id--$member\"" "$dom" || fail "$kind: summary.json member $member is not on the page"
    members=$((members + 1))
  done
  grep -q "id=\"$id--table\"" "$dom" || fail "$kind: the console table is not on the page"
  grep -q "id=\"$id--environment\"" "$dom" || fail "$kind: the machine is not on the page"
  figures=0
  for svg in "$dir"/*.svg; do
    [ -e "$svg" ] || continue
    file=$(basename "$svg")
    grep -q "href=\"$file\"" "$dom" || fail "$kind: figure $file is not on the page"
    figures=$((figures + 1))
  done
  inline=$(grep -o '<figure id="[^"]*"><svg' "$dom" | wc -l)
  [ "$figures" -gt 0 ] || fail "$kind: no figure drawn (gnuplot missing?)"
  [ "$inline" -eq "$figures" ] || fail "$kind: $inline inline figures on the page, $figures SVG files"
  echo "ok: $kind/index.html: no console message, $members summary.json members, the table and $figures figures inline"
done
