"""Run a command on a pseudo-terminal, answering its prompts, for tests of interactive
paths (dialoguer). Usage: pty_drive.py EXPECT SEND [EXPECT SEND …] -- CMD ARG…
Each SEND (Python escapes allowed, e.g. '\\r', '\\x1b[B') is typed once EXPECT has appeared
in the output since the previous answer. Prints everything the command wrote to the
terminal and exits with the command's status; gives up after 30 s (status 124)."""
import os
import pty
import select
import sys
import time

args = sys.argv[1:]
split = args.index("--")
script, cmd = args[:split], args[split + 1:]
steps = [(e.encode(), s.encode().decode("unicode_escape").encode()) for e, s in zip(script[0::2], script[1::2])]

pid, fd = pty.fork()
if pid == 0:
    os.execv(cmd[0], cmd)

out, seen_from, deadline = b"", 0, time.time() + 30
while True:
    if time.time() > deadline:
        os.kill(pid, 9)
        sys.stdout.buffer.write(out)
        sys.exit(124)
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if steps and steps[0][0] in out[seen_from:]:
        time.sleep(0.1)  # let the prompt switch the terminal mode before typing
        os.write(fd, steps[0][1])
        seen_from = len(out)
        steps.pop(0)
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
