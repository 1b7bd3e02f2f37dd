#!/usr/bin/env python3
"""The floor for bench/terminal.ts: a lab's shell reached without Shipshape.

Spawns `docker exec -it -u learner <container> tmux new-session -A -s <tab>` on
a pseudo-terminal of the HOST (80x24, like the WebSocket clients), then

  echo:        types one printable character at a time and times it from the
               write() to the pty master until the first read() from the master
               whose text (escape sequences removed) contains it; Ctrl-U clears
               the line every 40 characters; THINK_MS between keys; the first
               10 keys after attaching are typed but not recorded;
  throughput:  runs `<COMMAND>; echo END-$((6*7))` (e.g. `yes | head -c N`) and
               counts the bytes read from the master until END-42 shows
               (tmux's screen updates, not the bytes the command wrote).

Prints one JSON object on stdout: {"echo_ms": [...], "tp_bytes": B, "tp_seconds": S}.
Usage: pty-floor.py CONTAINER TAB KEYSTROKES THINK_MS [COMMAND]
(KEYSTROKES may be 0, and COMMAND left out, to skip that part.)
Needs only the standard library (pty, os, select, subprocess, termios).
"""
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

ANSI = re.compile(
    rb"\x1b\[[0-9;?>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78DEHM]"
)
PROMPT = b"learner@lab:~/lab$ "
KEYS = b"abcdefghijklmnopqrstuvwxyz"
WARMUP_KEYS = 10


def plain(data: bytes) -> bytes:
    return ANSI.sub(b"", data)


def main() -> None:
    container, tab = sys.argv[1], sys.argv[2]
    keystrokes, think_ms = int(sys.argv[3]), float(sys.argv[4])
    command = sys.argv[5] if len(sys.argv) > 5 else ""

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(
        ["docker", "exec", "-it", "-u", "learner", container, "tmux", "new-session", "-A", "-s", tab],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,  # its own session, so the pty becomes its controlling terminal
        close_fds=True,
    )
    os.close(slave)
    os.set_blocking(master, False)

    tail = bytearray()

    def read_some(timeout: float) -> bytes:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(master, 1 << 16)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError:  # EIO: the child closed the pty
            raise SystemExit("docker exec ended early: " + plain(bytes(tail[-500:])).decode("utf8", "replace"))

    def wait_for(needle: bytes, within: float) -> int:
        """Reads until the text shows needle; returns the bytes read meanwhile."""
        nonlocal tail
        deadline = time.perf_counter() + within
        total = 0
        while time.perf_counter() < deadline:
            data = read_some(0.05)
            total += len(data)
            tail = (tail + data)[-4096:]
            if needle in plain(bytes(tail)):
                return total
        raise SystemExit(f"never saw {needle!r}; saw {plain(bytes(tail[-500:]))!r}")

    def drain(quiet: float) -> None:
        """Reads until nothing arrives for `quiet` seconds."""
        while read_some(quiet):
            pass

    result = {"echo_ms": [], "tp_bytes": 0, "tp_seconds": 0.0}
    try:
        wait_for(PROMPT, 20)
        drain(0.3)
        # Start from an empty line whatever tmux replayed.
        os.write(master, b"\x15")
        drain(0.2)

        # The first keys after attaching are not recorded (as in bench/terminal.ts).
        for i in range(-WARMUP_KEYS if keystrokes else 0, keystrokes):
            if i != 0 and i % 40 == 0:
                os.write(master, b"\x15")
                drain(0.05)
            key = KEYS[i % len(KEYS) : i % len(KEYS) + 1]
            sent = time.perf_counter()
            os.write(master, key)
            while True:
                data = read_some(5)
                if not data:
                    raise SystemExit(f"no echo of {key!r} within 5 s")
                if key in plain(data):
                    if i >= 0:
                        result["echo_ms"].append((time.perf_counter() - sent) * 1000)
                    break
            if think_ms > 0:
                drain(think_ms / 1000)
        if keystrokes:
            os.write(master, b"\x15")
            drain(0.2)

        if command:
            tail = bytearray()
            started = time.perf_counter()
            os.write(master, f"{command}; echo END-$((6*7))\r".encode())
            received = wait_for(b"END-42", 300)
            result["tp_seconds"] = time.perf_counter() - started
            result["tp_bytes"] = received
            drain(0.3)
            os.write(master, b"clear\r")
            drain(0.3)
    finally:
        # Detach the tmux client (the tmux session stays, as Shipshape's do), then end docker exec.
        try:
            os.write(master, b"\x02d")
        except OSError:
            pass
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(5)
        os.close(master)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
