#!/usr/bin/awk -f
# The same pairing as pair.awk, printing the collector's pairs.csv line for each pair instead of
# the delta alone (the second awk line of bench/parse/run.sh's table; it costs several times the
# delta-printing pair.awk):
#   awk -f pair_csv.awk USER_LOG KERNEL_LOG > pairs.csv
# Format-1 stamps leave the after/exit cells and the parts built on them empty, as pairs.csv does.
FNR == NR {
  if ((i = index($0, "ioprobe u ")) > 0) {
    split(substr($0, i), f, " ")  # ioprobe u RUN SEQ CPU U_BEFORE [U_AFTER]
    run = f[3]; ucpu[f[4]] = f[5]; ubefore[f[4]] = f[6]; uafter[f[4]] = f[7]
  }
  next
}
FNR == 1 { print "seq,cpu,kernel_cpu,u_before,u_after,patch_enter,patch_exit,entry,kernel,exit,round_trip" }
(i = index($0, "ioprobe k ")) > 0 {
  n = split(substr($0, i), f, " ")  # ioprobe k SOURCE RUN SEQ CPU K_ENTER [K_EXIT]
  s = f[5]
  if (f[4] != run || !(s in ubefore)) next
  if (n < 8 || uafter[s] == "")
    printf "%s,%s,%s,%s,,%s,,%d,,,\n", s, ucpu[s], f[6], ubefore[s], f[7], f[7] - ubefore[s]
  else
    printf "%s,%s,%s,%s,%s,%s,%s,%d,%d,%d,%d\n", s, ucpu[s], f[6], ubefore[s], uafter[s], f[7],
           f[8], f[7] - ubefore[s], f[8] - f[7], uafter[s] - f[8], uafter[s] - ubefore[s]
}
