#!/usr/bin/env bash
# --accel auto picks KVM only where a guest really boots under it; on hosts where /dev/kvm
# exists but guests hang, it must fall back to TCG by itself and still deliver the run.
source "$(dirname "$0")/lib.sh"
"$BIN/collector" --accel auto --iterations 1000 --warmup 100 --output-dir "$OUT" 2>"$OUT/stderr"
cat "$OUT/stderr"
s="$OUT/summary.json"
expect_clean_run "$s" 1000
accel=$(json "$s" .environment.accel)
case "$accel" in
  kvm) echo "ok: KVM boots guests here" ;;
  tcg)
    if [ -w /dev/kvm ]; then
      grep -q "KVM does not boot guests here, using TCG" "$OUT/stderr" || fail "no fallback message"
    fi
    echo "ok: fell back to TCG" ;;
  *) fail "environment.accel is '$accel'" ;;
esac
echo PASS
