#!/usr/bin/awk -f
# The plainest pairing a user would write, the peer `collector parse` is measured against
# (bench/parse/run.sh):
#   awk -f pair.awk USER_LOG KERNEL_LOG | sort -n
# Remembers every user stamp's u_before by seq (first file), then prints the delta
# k_enter - u_before of each kernel stamp of the same run whose seq has a user stamp. No
# accounting, no checks, no other column; the median is read from the `sort -n` output.
# Reads format 1 and format 2 alike (the exit stamps are trailing fields it ignores).
FNR == NR {
  if ((i = index($0, "ioprobe u ")) > 0) {
    split(substr($0, i), f, " ")  # ioprobe u RUN SEQ CPU U_BEFORE [U_AFTER]
    run = f[3]; u[f[4]] = f[6]
  }
  next
}
(i = index($0, "ioprobe k ")) > 0 {
  split(substr($0, i), f, " ")  # ioprobe k SOURCE RUN SEQ CPU K_ENTER [K_EXIT]
  if (f[4] == run && (f[5] in u)) print f[7] - u[f[5]]
}
