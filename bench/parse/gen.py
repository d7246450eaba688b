#!/usr/bin/env python3
"""Writes a parse benchmark input: USER_LOG with N user stamps and KERNEL_LOG (dmesg text) with
N kernel stamps interleaved with N foreign kernel messages.

usage: gen.py [--format 1|2] USER_LOG KERNEL_LOG [N]   (N defaults to 1,000,000)

Format 2 (the default, what the loop and the probes print today: include/ioctl_probe/ioctl_probe.h)
gives every user stamp its u_after, every kernel stamp its k_exit and the run header its
format=2; format 1 writes the entry stamps alone, as older captures hold them.
"""
import argparse

RUN = "5eed0001"
TSC = 1_000_000
CHUNK = 65536


def write_user(path, n, fmt):
    header_tail = " format=2" if fmt == 2 else ""
    with open(path, "w") as user:
        user.write(f"ioprobe run {RUN} iterations={n} warmup=0 cpu=1 variant=raw cmd=0xb810"
                   f"{header_tail}\n")
        user.write("ioprobe floor min=40 p50=60 samples=1000\n")
        lines = []
        for seq in range(n):
            before = TSC + 1000 * seq
            after = f" {before + 900 + seq % 89}" if fmt == 2 else ""
            lines.append(f"ioprobe u {RUN} {seq} 1 {before}{after}\n")
            if len(lines) >= CHUNK:
                user.write("".join(lines))
                lines.clear()
        user.write("".join(lines))
        user.write(f"ioprobe total {RUN} calls={n} cycles={1000 * n} cpu_start=1 cpu_end=1 "
                   "migrations=0 errors=0\n")


def write_kernel(path, n, fmt):
    with open(path, "w") as kernel:
        lines = []
        for seq in range(n):
            t = seq * 7
            stamp = f"[{t // 1000000:5d}.{t % 1000000:06d}] "
            enter = TSC + 1000 * seq + 400 + seq % 97
            exit_ = f" {enter + 300 + seq % 31}" if fmt == 2 else ""
            lines.append(stamp + f"virtio_net virtio1 eth0: rx queue {seq % 4} refilled {seq}\n")
            lines.append(stamp + f"ioprobe k patch {RUN} {seq} 1 {enter}{exit_}\n")
            if len(lines) >= CHUNK:
                kernel.write("".join(lines))
                lines.clear()
        kernel.write("".join(lines))
        kernel.write(f"[99999.000000] ioprobe mark {RUN} end\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", type=int, choices=(1, 2), default=2)
    parser.add_argument("user_log")
    parser.add_argument("kernel_log")
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    args = parser.parse_args()
    write_user(args.user_log, args.n, args.format)
    write_kernel(args.kernel_log, args.n, args.format)


main()
