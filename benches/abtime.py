#!/usr/bin/env python3
"""Interleaved A/B wall-time comparison of two commands (one process per run).

Runs A and B alternately (ABAB…, then BABA… on odd pairs) so that a busy machine slows
both alike, and reports medians and the median of per-pair ratios.
Usage: abtime.py RUNS -- A_CMD… -- B_CMD…
"""
import os
import statistics
import sys
import time


def run(argv, devnull):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{argv[0]} failed with status {status}")
    return elapsed / 1e6


def main():
    runs = int(sys.argv[1])
    rest = sys.argv[2:]
    split = [i for i, a in enumerate(rest) if a == "--"]
    a, b = rest[split[0] + 1:split[1]], rest[split[1] + 1:]
    devnull = os.open(os.devnull, os.O_WRONLY)
    for _ in range(20):  # warm the page cache
        run(a, devnull), run(b, devnull)
    ta, tb, ratios = [], [], []
    for i in range(runs):
        if i % 2:
            y, x = run(b, devnull), run(a, devnull)
        else:
            x, y = run(a, devnull), run(b, devnull)
        ta.append(x), tb.append(y), ratios.append(x / y)
    print(f"A median {statistics.median(ta):.3f} ms   B median {statistics.median(tb):.3f} ms   "
          f"pairs {runs}")
    print(f"ratio A/B: median of pair ratios {statistics.median(ratios):.2f}, "
          f"ratio of medians {statistics.median(ta) / statistics.median(tb):.2f}")


main()
