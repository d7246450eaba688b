// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of freestanding_output.c: fs_printf and fs_put_ustamp must produce what
 * the C library's printf produces for the ioprobe formats, for edge values
 * and pseudo-random ones. fs_sys3 is replaced by a writer into a buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ioctl_probe/ioctl_probe.h>

#include "freestanding_runtime.h"

static char captured[1 << 22];
static size_t captured_len;

long fs_sys3(long nr, long a0, long a1, long a2)
{
	(void)a0;
	if (nr != FS_NR_WRITE || captured_len + (size_t)a2 > sizeof(captured))
		return -1;
	memcpy(captured + captured_len, (const void *)a1, (size_t)a2);
	captured_len += (size_t)a2;
	return a2;
}

int main(void)
{
	static char expected[1 << 22];
	size_t expected_len = 0;
	uint64_t x = 88172645463325252ull;
	int i;

	for (i = 0; i < 20000; i++) {
		uint32_t run, seq, cpu;
		uint64_t tsc, after;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		run = i == 0 ? 1 : (uint32_t)x;
		seq = i == 1 ? 0 : i == 2 ? 0xffffffffu : (uint32_t)(x >> 32);
		cpu = i % 7 == 0 ? 4095 : (uint32_t)(x % 3);
		tsc = i == 3 ? 0 : i == 4 ? UINT64_MAX : x >> (i % 64);
		after = i == 5 ? 0 : i == 6 ? UINT64_MAX : tsc + (x >> (i % 61));
		if (i % 2)
			fs_put_ustamp(run, seq, cpu, tsc, after);
		else
			fs_printf(IOPROBE_USTAMP_FMT, run, seq, cpu,
				  (unsigned long long)tsc, (unsigned long long)after);
		expected_len += (size_t)snprintf(expected + expected_len,
						 sizeof(expected) - expected_len,
						 IOPROBE_USTAMP_FMT, run, seq, cpu,
						 (unsigned long long)tsc,
						 (unsigned long long)after);
	}
	fs_printf(IOPROBE_RUN_FMT, 0xabcu, 5u, 0u, 1, "freestanding", 0xb830u,
		  IOPROBE_FORMAT_VERSION);
	expected_len += (size_t)snprintf(expected + expected_len,
					 sizeof(expected) - expected_len, IOPROBE_RUN_FMT,
					 0xabcu, 5u, 0u, 1, "freestanding", 0xb830u,
					 IOPROBE_FORMAT_VERSION);
	fs_printf(IOPROBE_TOTAL_FMT, 0xabcu, 5u, 123ull, 0u, 1u, 0u, 0u);
	expected_len += (size_t)snprintf(expected + expected_len,
					 sizeof(expected) - expected_len,
					 IOPROBE_TOTAL_FMT, 0xabcu, 5u, 123ull, 0u, 1u, 0u, 0u);
	if (fs_flush(1))
		return 2;
	if (captured_len != expected_len || memcmp(captured, expected, expected_len)) {
		size_t k = 0;

		while (k < captured_len && k < expected_len && captured[k] == expected[k])
			k++;
		fprintf(stderr, "fs_output differs from printf at byte %zu of %zu/%zu\n",
			k, captured_len, expected_len);
		return 1;
	}
	printf("fs_output: %zu bytes identical to printf\n", captured_len);
	return 0;
}
