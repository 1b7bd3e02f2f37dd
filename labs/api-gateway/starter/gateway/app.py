"""The shop's API gateway: one front door for the users and orders services.

It runs as the `gateway` service of your lab (http://gateway:8000) and reloads
whenever you save this file. Today it only routes and rewrites paths:

  /api/users/...   ->  http://users:8000/v1/users/...
  /api/orders/...  ->  http://orders:8000/v1/orders/...

The lab's steps add what a gateway is for: authentication with HS256 JWTs and
scopes, request ids, failing fast when a service is down, and rate limiting.
"""

import os
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

USERS_URL = os.environ.get("USERS_URL", "http://users:8000")
ORDERS_URL = os.environ.get("ORDERS_URL", "http://orders:8000")

# Settings for the later steps, from the gateway's environment (the lab sets them;
# each step names the ones it needs).
JWT_SECRET = os.environ.get("JWT_SECRET", "").encode()
JWT_ISSUER = os.environ.get("JWT_ISSUER", "")
JWT_AUDIENCE = os.environ.get("JWT_AUDIENCE", "")
RATE_LIMIT_REQUESTS = int(os.environ.get("RATE_LIMIT_REQUESTS", "20"))
RATE_LIMIT_WINDOW_SECONDS = float(os.environ.get("RATE_LIMIT_WINDOW_SECONDS", "30"))
UPSTREAM_TIMEOUT_SECONDS = float(os.environ.get("UPSTREAM_TIMEOUT_SECONDS", "1"))


@dataclass(frozen=True)
class Route:
    prefix: str  # public path prefix
    upstream: str  # where matching requests go, internal path prefix included
    scopes: dict[str, str]  # HTTP method -> scope the caller must hold (step 2)


ROUTES = [
    Route("/api/users", f"{USERS_URL}/v1/users", {"GET": "users:read"}),
    Route("/api/orders", f"{ORDERS_URL}/v1/orders", {"GET": "orders:read", "POST": "orders:write"}),
]

# Headers about one network hop, not about the request: a proxy never forwards them.
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade",
}  # fmt: skip


def match(path: str) -> tuple[Route, str] | None:
    """The route for a public path and the internal URL it is rewritten to."""
    for route in sorted(ROUTES, key=lambda r: len(r.prefix), reverse=True):
        # Whole segments only: /api/usersX is not /api/users.
        if path == route.prefix or path.startswith(route.prefix + "/"):
            return route, route.upstream + path[len(route.prefix) :]
    return None


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client for the gateway's whole life, so connections to the services are reused.
    # It uses httpx's default timeout.
    async with httpx.AsyncClient() as client:
        app.state.http = client
        yield


app = FastAPI(title="gateway", lifespan=lifespan)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
async def proxy(request: Request, path: str) -> Response:
    # /api/users/../../admin would be rewritten to a path the route never meant to expose.
    if any(segment in (".", "..") for segment in request.url.path.split("/")):
        return JSONResponse({"detail": "dot segments are not allowed"}, 400)
    found = match(request.url.path)
    if found is None:
        return JSONResponse({"detail": "no such route"}, 404)
    route, target = found

    headers = {
        name: value
        for name, value in request.headers.items()
        if name not in HOP_BY_HOP and name not in {"host", "content-length"}
    }
    upstream = await request.app.state.http.request(
        request.method,
        target,
        params=request.query_params.multi_items(),
        headers=headers,
        content=await request.body(),
    )

    response = Response(upstream.content, upstream.status_code)
    # httpx has already decoded the body, hence content-encoding and content-length go too.
    drop = HOP_BY_HOP | {"content-length", "content-encoding"}
    for name, value in upstream.headers.multi_items():
        if name not in drop:
            response.headers.append(name, value)
    return response
