#!/usr/bin/env python3
"""Writes a parse benchmark input: USER_LOG with N user stamps and KERNEL_LOG (dmesg text) with
N kernel stamps interleaved with N foreign kernel messages.

usage: gen.py USER_LOG KERNEL_LOG [N]   (N defaults to 1,000,000)
"""
import sys

def main():
    user_path, kernel_path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    run = "5eed0001"
    with open(user_path, "w") as user:
        user.write(f"ioprobe run {run} iterations={n} warmup=0 cpu=1 variant=raw cmd=0xb810\n")
        user.write("ioprobe floor min=40 p50=60 samples=1000\n")
        tsc = 1_000_000
        lines = []
        for seq in range(n):
            lines.append(f"ioprobe u {run} {seq} 1 {tsc + 1000 * seq}\n")
            if len(lines) >= 65536:
                user.write("".join(lines))
                lines.clear()
        user.write("".join(lines))
        user.write(f"ioprobe total {run} calls={n} cycles={1000 * n} cpu_start=1 cpu_end=1 "
                   "migrations=0 errors=0\n")
    with open(kernel_path, "w") as kernel:
        lines = []
        for seq in range(n):
            t = seq * 7
            stamp = f"[{t // 1000000:5d}.{t % 1000000:06d}] "
            lines.append(stamp + f"virtio_net virtio1 eth0: rx queue {seq % 4} refilled {seq}\n")
            lines.append(stamp + f"ioprobe k patch {run} {seq} 1 "
                         f"{tsc + 1000 * seq + 400 + seq % 97}\n")
            if len(lines) >= 65536:
                kernel.write("".join(lines))
                lines.clear()
        kernel.write("".join(lines))
        kernel.write(f"[99999.000000] ioprobe mark {run} end\n")

main()
