"""The shop's API gateway: one front door for the users and orders services.

It runs as the `gateway` service of your lab (http://gateway:8000) and reloads
whenever you save this file. For every request it:

  1. stamps a request id (kept from the caller when it looks sane),
  2. routes and rewrites the path:
       /api/users/...   ->  http://users:8000/v1/users/...
       /api/orders/...  ->  http://orders:8000/v1/orders/...
  3. authenticates the caller with an HS256 JWT (401) and checks the scope
     the route needs for that method (403),
  4. rate-limits each caller with a token bucket (429 + Retry-After),
  5. forwards the request with a short timeout (502/504 instead of a hang).
"""

import base64
import hashlib
import hmac
import json
import math
import os
import re
import time
import uuid
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
    scopes: dict[str, str]  # HTTP method -> scope the caller must hold


ROUTES = [
    Route("/api/users", f"{USERS_URL}/v1/users", {"GET": "users:read"}),
    Route("/api/orders", f"{ORDERS_URL}/v1/orders", {"GET": "orders:read", "POST": "orders:write"}),
]

# Headers about one network hop, not about the request: a proxy never forwards them.
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade",
}  # fmt: skip
# Never trusted from the outside: the gateway sets them from the verified token.
IDENTITY_HEADERS = {"x-client-id", "x-client-scopes"}
# A caller's id is reused only if it is short and made of safe characters.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def match(path: str) -> tuple[Route, str] | None:
    """The route for a public path and the internal URL it is rewritten to."""
    for route in sorted(ROUTES, key=lambda r: len(r.prefix), reverse=True):
        # Whole segments only: /api/usersX is not /api/users.
        if path == route.prefix or path.startswith(route.prefix + "/"):
            return route, route.upstream + path[len(route.prefix) :]
    return None


class AuthError(Exception):
    pass


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_hs256(token: str, now: float) -> dict:
    """The claims of a valid token; AuthError otherwise. What PyJWT's
    jwt.decode(token, key, algorithms=["HS256"], audience=..., issuer=...) does."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        claims = json.loads(b64url_decode(payload_b64))
        signature = b64url_decode(signature_b64)
    except ValueError as exc:  # wrong number of parts, bad base64, bad JSON
        raise AuthError("malformed token") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise AuthError("malformed token")
    # WRONG: the payload is decoded and its claims checked, but nothing proves who wrote
    # them: the alg header and the signature are never looked at.
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or exp <= now:
        raise AuthError("token expired")
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if claims.get("iss") != JWT_ISSUER or JWT_AUDIENCE not in audiences:
        raise AuthError("token not meant for this API")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise AuthError("token has no subject")
    return claims


def authenticate(request: Request) -> tuple[str, set[str]]:
    """The caller's id and scopes, from `Authorization: Bearer <jwt>`."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("missing bearer token")
    claims = verify_hs256(token.strip(), time.time())
    # OAuth convention: scopes are one space-separated string.
    return claims["sub"], set(str(claims.get("scope", "")).split())


class TokenBucket:
    """`capacity` requests in a burst, refilled at `rate` requests per second."""

    def __init__(self, capacity: float, rate: float, clock=time.monotonic):
        self.capacity, self.rate, self.clock = capacity, rate, clock
        self.tokens, self.updated = capacity, clock()

    def take(self) -> float:
        """0.0 if the request may pass, else the seconds until a token is free."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client for the gateway's whole life, so connections to the services are reused.
    # Every phase (connect, which includes the DNS lookup, write, read, waiting for a
    # pooled connection) gives up after UPSTREAM_TIMEOUT_SECONDS: a hung service must
    # not hold the gateway's callers, or its connections, for long.
    async with httpx.AsyncClient(timeout=httpx.Timeout(UPSTREAM_TIMEOUT_SECONDS)) as client:
        app.state.http = client
        yield


app = FastAPI(title="gateway", lifespan=lifespan)
# One bucket per caller, in this process's memory: with several gateway replicas each
# keeps its own (share them in Redis for an exact limit). A long-lived gateway would
# also drop buckets that have been full for a while.
buckets: dict[str, TokenBucket] = {}


def problem(status: int, detail: str, request_id: str, **headers: str) -> JSONResponse:
    """An error answer; it carries the request id too, so failures can be traced."""
    return JSONResponse({"detail": detail}, status, headers={"X-Request-ID": request_id, **headers})


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
async def proxy(request: Request, path: str) -> Response:
    incoming = request.headers.get("x-request-id", "")
    request_id = incoming if REQUEST_ID.match(incoming) else str(uuid.uuid4())

    # /api/users/../../admin would be rewritten to a path the route never meant to expose.
    if any(segment in (".", "..") for segment in request.url.path.split("/")):
        return problem(400, "dot segments are not allowed", request_id)
    found = match(request.url.path)
    if found is None:
        return problem(404, "no such route", request_id)
    route, target = found

    try:
        client_id, scopes = authenticate(request)
    except AuthError as exc:  # who are you? -> 401
        return problem(401, str(exc), request_id, **{"WWW-Authenticate": "Bearer"})
    needed = route.scopes.get(request.method)
    if needed is None or needed not in scopes:  # you may not do this -> 403
        return problem(403, f"requires scope {needed}", request_id)

    # Limit after authentication, per caller: one greedy client cannot starve the others.
    bucket = buckets.setdefault(
        client_id, TokenBucket(RATE_LIMIT_REQUESTS, RATE_LIMIT_REQUESTS / RATE_LIMIT_WINDOW_SECONDS)
    )
    if (wait := bucket.take()) > 0:
        return problem(429, "rate limit exceeded", request_id, **{"Retry-After": str(math.ceil(wait))})

    # Forward the request, minus hop-by-hop headers, the caller's credentials and any
    # identity headers it made up; then the gateway's own identity and request id.
    headers = {
        name: value
        for name, value in request.headers.items()
        if name not in HOP_BY_HOP | IDENTITY_HEADERS
        and name not in {"host", "content-length", "authorization", "x-request-id"}
    }
    headers |= {
        "x-request-id": request_id,
        "x-client-id": client_id,
        "x-client-scopes": " ".join(sorted(scopes)),
    }
    try:
        upstream = await request.app.state.http.request(
            request.method,
            target,
            params=request.query_params.multi_items(),
            headers=headers,
            content=await request.body(),
        )
    except httpx.TimeoutException:  # hung, or not even resolvable in time
        return problem(504, "upstream timed out", request_id)
    except httpx.TransportError:  # refused, reset, unknown host
        return problem(502, "upstream unavailable", request_id)

    response = Response(upstream.content, upstream.status_code)
    # httpx has already decoded the body, hence content-encoding and content-length go too.
    drop = HOP_BY_HOP | {"content-length", "content-encoding", "x-request-id"}
    for name, value in upstream.headers.multi_items():
        if name not in drop:
            response.headers.append(name, value)
    response.headers["x-request-id"] = request_id
    return response
