#!/usr/bin/awk -f
# The plainest pairing a user would write, as the honest peer of `collector parse` in the speed
# benchmark (bench/parse/run.sh):
#   awk -f pair.awk USER_LOG KERNEL_LOG > pairs.csv
# Remembers every user stamp by seq (first file), then prints a CSV line with the delta for
# each kernel stamp of the same run whose seq has a user stamp. No accounting, no checks: the
# median is taken afterwards with `sort -n` (see run.sh).
FNR == NR {
  if ((i = index($0, "ioprobe u ")) > 0) {
    split(substr($0, i), f, " ")  # ioprobe u RUN SEQ CPU TSC
    run = f[3]; ucpu[f[4]] = f[5]; utsc[f[4]] = f[6]
  }
  next
}
# Format-1 stamps: the after/exit cells and the parts built on them stay empty.
FNR == 1 { print "seq,cpu,kernel_cpu,u_before,u_after,kernel_enter,kernel_exit,entry,kernel,exit,round_trip" }
(i = index($0, "ioprobe k ")) > 0 {
  split(substr($0, i), f, " ")  # ioprobe k SOURCE RUN SEQ CPU TSC
  if (f[4] == run && (f[5] in utsc))
    printf "%s,%s,%s,%s,,%s,,%d,,,\n", f[5], ucpu[f[5]], f[6], utsc[f[5]], f[7], f[7] - utsc[f[5]]
}
