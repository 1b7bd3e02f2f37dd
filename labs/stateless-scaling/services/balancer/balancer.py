"""A small round-robin HTTP load balancer, standing in for nginx or HAProxy.

    BACKENDS        host:port of each replica, comma-separated (cart-1:8000,cart-2:8000,...)
    DOWN_SECONDS    how long a replica that could not be reached is left out (default 2)
    RESOLVE_SECONDS how often each replica's name is looked up again (default 0.5)

It balances per request (layer 7): each request goes to the next replica in
turn. When a replica cannot be reached (it is dead or still starting), the
request is retried once on the next replica and the dead one is left out for
DOWN_SECONDS, a passive health check like nginx's max_fails/fail_timeout.
A GET whose replica dies while answering is retried too; a POST is not,
since it may already have run (nginx's proxy_next_upstream behaves the same).

Names are looked up in the background, as nginx does with `resolver ...
valid=`, never while a request waits: a replica that is gone has no name on
the lab network, and looking it up would stall the request. A replica that
restarts with a new address is found again at the next lookup. No connection
to a replica is kept open between requests.
"""

import asyncio
import itertools
import os
import socket
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI, Request, Response

DOWN_SECONDS = float(os.environ.get("DOWN_SECONDS", "2"))
RESOLVE_SECONDS = float(os.environ.get("RESOLVE_SECONDS", "0.5"))
IDEMPOTENT = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
# Headers that describe one hop, not the message: never forwarded.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "content-encoding",
    "server",
    "date",
}


@dataclass
class Backend:
    host: str
    port: int
    address: str | None = None  # the last address its name resolved to; None: no such name now
    down_until: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.host}:{self.port}"

    def usable(self, now: float) -> bool:
        return self.address is not None and self.down_until <= now


BACKENDS = [
    Backend(host, int(port))
    for host, port in (b.strip().rsplit(":", 1) for b in os.environ["BACKENDS"].split(",") if b.strip())
]
turns = itertools.count()


async def resolve(backend: Backend) -> None:
    # A dead replica's name fails to resolve within about a second on a lab network.
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(backend.host, backend.port, type=socket.SOCK_STREAM), timeout=3
        )
        address = infos[0][4][0]
    except (OSError, TimeoutError):
        address = None
    if address != backend.address:
        print(f"balancer: {backend.name} is now at {address or 'no address'}", flush=True)
        backend.address = address


async def keep_resolving(backend: Backend) -> None:
    while True:
        await asyncio.sleep(RESOLVE_SECONDS)
        await resolve(backend)


@asynccontextmanager
async def lifespan(app: FastAPI):
    await asyncio.gather(*(resolve(b) for b in BACKENDS))
    tasks = [asyncio.create_task(keep_resolving(b)) for b in BACKENDS]
    yield
    for task in tasks:
        task.cancel()
    await client.aclose()


app = FastAPI(title="balancer", openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan)
client = httpx.AsyncClient(
    timeout=httpx.Timeout(5.0, connect=1.0),
    limits=httpx.Limits(max_keepalive_connections=0),
)


def next_backend(avoid: Backend | None = None) -> Backend | None:
    """The next replica in turn that can be used (or the next with an address, if none can)."""
    start = next(turns)
    ring = [BACKENDS[(start + i) % len(BACKENDS)] for i in range(len(BACKENDS))]
    others = [b for b in ring if b is not avoid] or ring
    now = time.monotonic()
    return next((b for b in others if b.usable(now)), None) or next(
        (b for b in others if b.address is not None), None
    )


def leave_out(backend: Backend, error: Exception) -> None:
    backend.down_until = time.monotonic() + DOWN_SECONDS
    print(f"balancer: {backend.name} left out for {DOWN_SECONDS:g} s ({type(error).__name__})", flush=True)


@app.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
async def forward(request: Request) -> Response:
    body = await request.body()
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
    headers["x-forwarded-for"] = request.client.host if request.client else ""
    target = request.scope["raw_path"].decode() + (f"?{request.url.query}" if request.url.query else "")
    tried: Backend | None = None
    for attempt in (1, 2):
        backend = next_backend(avoid=tried)
        if backend is None:
            return Response("balancer: no replica has an address\n", status_code=502)
        tried = backend
        headers["host"] = backend.name
        try:
            upstream = await client.request(
                request.method, f"http://{backend.address}:{backend.port}{target}", headers=headers, content=body
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            # Never reached the replica: safe to retry any request elsewhere.
            leave_out(backend, error)
            if attempt == 1:
                continue
            return Response(f"balancer: no replica reachable ({backend.name} failed)\n", status_code=502)
        except httpx.TransportError as error:
            # The replica died mid-answer: only a request that may run twice is retried.
            leave_out(backend, error)
            if attempt == 1 and request.method in IDEMPOTENT:
                continue
            return Response(f"balancer: {backend.name} failed while answering\n", status_code=502)
        answer = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
        return Response(upstream.content, status_code=upstream.status_code, headers=answer)
    raise AssertionError("unreachable")
