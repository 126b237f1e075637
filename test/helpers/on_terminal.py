# Runs a command on a pseudo-terminal, as from an interactive shell (stdin, stdout and stderr are the terminal, which
# is the command's controlling terminal), and writes everything the terminal showed to stdout, bytes as they came.
# Exits with the command's exit code (128 + n for signal n).
#
# Usage: python3 on_terminal.py [--interrupt-on TEXT] -- command [args...]
#   --interrupt-on TEXT   type Ctrl-C once TEXT has been shown (the terminal sends SIGINT, as a user's key press does)

import os
import pty
import sys

args = sys.argv[1:]
interrupt_on = None
if args[:1] == ["--interrupt-on"]:
    interrupt_on, args = args[1].encode(), args[2:]
if args[:1] == ["--"]:
    args = args[1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(args[0], args)

shown = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # EIO: the terminal's last writer is gone
        break
    if not chunk:
        break
    shown += chunk
    sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()
    if interrupt_on is not None and interrupt_on in shown:
        os.write(fd, b"\x03")
        interrupt_on = None

_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
