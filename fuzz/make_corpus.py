#!/usr/bin/env python3
"""Regenerates the seed corpora fuzz/corpus/<target>/ from the real guest captures under
tests/hostile/captures/ (small slices of them: the fuzzers mutate from there)."""
import os
import re

root = os.path.dirname(os.path.abspath(__file__))
cap = os.path.join(root, "..", "tests", "hostile", "captures")


def read(rel):
    with open(os.path.join(cap, rel), "rb") as f:
        return f.read()


def lines(data):
    return data.split(b"\n")


def write(target, name, data):
    d = os.path.join(root, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


user = lines(read("patch-printk/user.log"))
kmsg = lines(read("patch-printk/kmsg.log"))
console = lines(read("patch-printk/console.log"))
dump = lines(read("patch-buffer/kernel-dump.log"))
module = lines(read("module-printk/kmsg.log"))

# parse_line: one line of each record kind, as found in the captures
samples = [user[0], user[1], user[2], user[-2], dump[0], dump[1], dump[-2], kmsg[0], kmsg[-2],
           module[1], console[0], b"[    4.594452] " + dump[1]]
for i, s in enumerate(samples):
    write("parse_line", f"line{i:02d}", s + b"\n")

# kmsg_record: slices of the raw captures
write("kmsg_record", "patch", b"\n".join(kmsg[:40] + kmsg[-3:]))
write("kmsg_record", "module", b"\n".join(module[:40]))

# line_reader: two parameter bytes, then a slice of each capture
write("line_reader", "console", b"\x20\x10" + b"\n".join(console[:40]))
write("line_reader", "user", b"\x08\x03" + b"\n".join(user[:40]))

# detect_format: the start of each form
def dmesg(recs):
    out = []
    for r in recs:
        m = re.match(rb"(\d+),(\d+),(\d+),[^;]*;(.*)", r)
        if m:
            us = int(m.group(3))
            out.append(b"[%5d.%06d] " % (us // 1000000, us % 1000000) + m.group(4))
    return out

write("detect_format", "kmsg", b"\n".join(kmsg[:40]))
write("detect_format", "serial", b"\n".join(console[:40]))
write("detect_format", "dump", b"\n".join(dump[:40]))
write("detect_format", "user", b"\n".join(user[:40]))
write("detect_format", "dmesg", b"\n".join(dmesg(kmsg[:40])))
write("detect_format", "journal", b"\n".join(
    re.sub(rb"^(\[[^]]*\]) ", rb"\1 vm kernel: ", l) for l in dmesg(kmsg[:40])))

# pair_logs: format byte, user log, "\n%%\n", kernel log (first 30 measured seqs of the run)
n = 30
uhead = [re.sub(rb"iterations=\d+", b"iterations=%d" % n, user[0]), user[1]]
ustamps = [l for l in user if l.startswith(b"ioprobe u ")][:n]
kstamps = [l for l in kmsg if b" 2147483" not in l][:n] + [kmsg[-2]]
write("pair_logs", "kmsg", b"\x00" + b"\n".join(uhead + ustamps) + b"\n%%\n" +
      b"\n".join(kstamps) + b"\n")
write("pair_logs", "dmesg", b"\x02" + b"\n".join(uhead + ustamps) + b"\n%%\n" +
      b"\n".join(dmesg(kstamps)) + b"\n")
dstamps = [l for l in dump if not l.startswith(b"ioprobe k patch") or b" 2147483" not in l]
write("pair_logs", "dump", b"\x05" + b"\n".join(uhead + ustamps) + b"\n%%\n" +
      b"\n".join([b"ioprobe dump-begin patch entries=%d dropped=0 capacity=%d" % (n, n)] +
                 [l for l in dump[1:] if b" 2147483" not in l][:n] +
                 [b"ioprobe dump-end patch entries=%d" % n]) + b"\n")
write("pair_logs", "both", b"\x04" + b"\r\n".join(uhead + ustamps + dmesg(kstamps)) + b"\r\n")

# Format 2 (exit stamps), synthesised from the format-1 captures: each stamp line gains its
# trailing after/exit number, the run header its "format=2", plus a tracepoint stamp line.
def with_exit(line, cost):
    return line + b" %d" % (int(line.rsplit(b" ", 1)[1]) + cost)

v2_head = [uhead[0] + b" format=2", uhead[1]]
v2_user = [with_exit(l, 3000) for l in ustamps]
v2_kernel = [with_exit(l, 700) for l in kstamps[:-1]] + [kstamps[-1]]
v2_trace = [with_exit(l.replace(b"ioprobe k patch", b"ioprobe k tracepoint"), 1500)
            for l in dmesg(kstamps[:-1])]
for i, s in enumerate([v2_head[0], v2_user[0], v2_kernel[0], v2_trace[0]]):
    write("parse_line", f"line{len(samples) + i:02d}", s + b"\n")
write("pair_logs", "format2", b"\x00" + b"\n".join(v2_head + v2_user) + b"\n%%\n" +
      b"\n".join(v2_kernel) + b"\n")
# first byte 9: dmesg kernel log, probes patch then tracepoint (fuzz_pair_logs.cpp)
write("pair_logs", "format2-tracepoint", b"\x09" + b"\n".join(v2_head + v2_user) + b"\n%%\n" +
      b"\n".join(dmesg([with_exit(l, 700) for l in kstamps[:-1]]) + v2_trace) + b"\n")
