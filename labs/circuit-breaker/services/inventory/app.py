"""inventory: the shop's stock levels (a service of the lab you do not edit).

  GET  /stock/{sku}         {"sku", "available", "unit_price_cents"}, or 404 for an unknown sku
  GET  /health              {"status": "ok"}
  GET  /admin/mode          {"mode": "ok" | "slow" | "errors"}
  POST /admin/mode/{mode}   ok: normal answers; slow: /stock waits SLOW_SECONDS before
                            answering; errors: /stock answers 500. Use it from the
                            terminal to watch your breaker at work.

The shop sells every sku of the form ABC-1234 (three capital letters, a dash,
four digits); its stock and price are derived from the sku, so they are the
same on every call and in every lab.

Written with the standard library only, so that it is back within a moment
of being restarted. Every answer closes its connection (HTTP/1.0), so each
call from orders opens a new one through inventory-link, and the link's
latency applies to every call.
"""

import hashlib
import json
import os
import re
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = float(os.environ.get("SLOW_SECONDS", "3"))
SKU = re.compile(r"[A-Z]{3}-[0-9]{4}")
MODES = ("ok", "slow", "errors")

mode = "ok"


def stock(sku: str) -> tuple[int, dict]:
    if mode == "slow":
        time.sleep(SLOW_SECONDS)
    elif mode == "errors":
        return 500, {"detail": "inventory database is on fire"}
    if not SKU.fullmatch(sku):
        return 404, {"detail": f"unknown sku {sku!r}"}
    digest = hashlib.sha256(sku.encode()).digest()
    return 200, {
        "sku": sku,
        "available": 5 + digest[0] % 46,
        "unit_price_cents": 199 + int.from_bytes(digest[1:3]) % 9800,
    }


class Handler(BaseHTTPRequestHandler):
    server_version = "inventory"

    def do_GET(self) -> None:
        if self.path == "/health":
            self.answer(200, {"status": "ok"})
        elif self.path == "/admin/mode":
            self.answer(200, {"mode": mode})
        elif self.path.startswith("/stock/") and self.path.count("/") == 2:
            self.answer(*stock(self.path.removeprefix("/stock/")))
        else:
            self.answer(404, {"detail": "Not Found"})

    def do_POST(self) -> None:
        global mode
        wanted = self.path.removeprefix("/admin/mode/")
        if self.path.startswith("/admin/mode/") and wanted in MODES:
            mode = wanted
            self.answer(200, {"mode": mode})
        elif self.path.startswith("/admin/mode/"):
            self.answer(422, {"detail": f"mode must be one of {', '.join(MODES)}"})
        else:
            self.answer(404, {"detail": "Not Found"})

    def answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        if self.path.startswith("/admin/"):  # mode changes are worth a line in the log
            super().log_message(format, *args)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("0.0.0.0", 8000), Handler)
    server.daemon_threads = True
    print(f"inventory: listening on :8000, mode {mode}", flush=True)
    server.serve_forever()
