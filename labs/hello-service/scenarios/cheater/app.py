"""A cheating answer: canned responses for everything, plus attempts on the grader."""

import os
import signal

from fastapi import FastAPI

app = FastAPI()

# The grader is not in this container: there is nothing of it here to kill.
for entry in os.listdir("/proc"):
    if entry.isdigit() and int(entry) not in (os.getpid(), os.getppid(), 1):
        try:
            os.kill(int(entry), signal.SIGKILL)
        except (PermissionError, ProcessLookupError):
            pass


@app.get("/{anything:path}")
def canned(anything: str) -> dict[str, str]:
    return {"status": "ok"}
