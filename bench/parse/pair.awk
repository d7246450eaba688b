#!/usr/bin/awk -f
# The pairing `collector parse` does, in awk, for the speed benchmark (bench/parse/run.sh):
#   awk -f pair.awk USER_LOG KERNEL_LOG > pairs.csv
# The last "ioprobe run" header of the user log fixes the run id and N; user and kernel stamps
# of that run with seq in [0, N) are paired by seq (first stamp of a seq wins, duplicates are
# counted), everything else is counted as foreign / out of range. Writes the pairs as CSV
# (run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta) and the counts on stderr.
function tag_at(    i) {
  for (i = 1; i <= NF; i++) if ($i == "ioprobe") return i
  return 0
}
FNR == NR {
  t = tag_at()
  if (t == 0) next
  kind = $(t + 1)
  if (kind == "run") {
    run = $(t + 2)
    split($(t + 3), kv, "="); n = kv[2] + 0
  } else if (kind == "u") {
    r = $(t + 2); seq = $(t + 3) + 0
    if (!(r in urun)) urun[r] = 1
    ulines[++nu] = r " " seq " " $(t + 4) " " $(t + 5)
  }
  next
}
FNR == 1 && !started {
  started = 1
  # user stamps of the chosen run (last header), now that it is known
  for (i = 1; i <= nu; i++) {
    split(ulines[i], f, " ")
    if (f[1] != run) { foreign++; continue }
    seq = f[2] + 0
    if (seq >= n) { out_of_range++; continue }
    if (seq in ucpu) { duplicate++; continue }
    ucpu[seq] = f[3]; utsc[seq] = f[4]
  }
  delete ulines
  print "run,seq,cpu,kernel_cpu,user_tsc,kernel_tsc,delta"
}
{
  t = tag_at()
  if (t == 0 || $(t + 1) != "k") next
  if ($(t + 3) != run) { foreign++; next }
  seq = $(t + 4) + 0
  if (seq >= n) { out_of_range++; next }
  if (seq in kcpu) { duplicate++; next }
  kcpu[seq] = $(t + 5); ktsc[seq] = $(t + 6)
  if (seq in ucpu) {
    paired++
    printf "%s,%d,%s,%s,%s,%s,%d\n", run, seq, ucpu[seq], kcpu[seq], utsc[seq], ktsc[seq], ktsc[seq] - utsc[seq]
  }
}
END {
  printf "awk: expected=%d paired=%d lost=%d foreign=%d out_of_range=%d duplicate=%d\n", n, paired, n - paired, foreign, out_of_range, duplicate > "/dev/stderr"
}
