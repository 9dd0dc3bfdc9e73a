#!/usr/bin/env python3
"""Interleaved wall-time comparison of several commands (one process per run).

Each round runs every command once, in an order rotated round by round, so a busy machine
slows all alike; reports the median and best time of each and each one's median ratio to
the first command (per-round ratios). A command is NAME=ARGV… separated by `--`.
Usage: interleave.py ROUNDS WARMUP -- NAME=CMD ARG… -- NAME=CMD ARG… [-- …]
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
    rounds, warmup = int(sys.argv[1]), int(sys.argv[2])
    rest = sys.argv[3:]
    cmds, cur = [], None
    for a in rest:
        if a == "--":
            cur = None
            continue
        if cur is None:
            name, first = a.split("=", 1)
            cur = [first]
            cmds.append((name, cur))
        else:
            cur.append(a)
    devnull = os.open(os.devnull, os.O_WRONLY)
    for _ in range(warmup):  # warm the page cache
        for _, argv in cmds:
            run(argv, devnull)
    times = [[] for _ in cmds]
    for r in range(rounds):
        order = list(range(len(cmds)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            times[i].append(run(cmds[i][1], devnull))
    base = times[0]
    for (name, _), t in zip(cmds, times):
        ratio = statistics.median(x / b for x, b in zip(t, base))
        print(f"  {name:<28} median {statistics.median(t):8.1f} ms  best {min(t):8.1f} ms"
              f"  ratio to {cmds[0][0]}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
