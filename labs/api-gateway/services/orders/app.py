"""The shop's orders service, behind the gateway. You do not edit it.

It records every request that reaches it, so you (and the grader) can see
exactly what the gateway sent: the path after rewriting, the query string and
the headers, including X-Request-ID and X-Client-Id.

  GET  /v1/orders/{order_id}      an order (every id exists in this made-up shop)
  POST /v1/orders                 place an order: {"items": [{"sku": "MUG-01", "quantity": 2}]}
  GET  /_seen                     the last requests that reached this service, newest last
  POST /_debug/hang?seconds=N     make every /v1 call hang for N seconds (at most 60),
                                  to try your gateway's timeout by hand
"""

import asyncio
import time
import uuid
from collections import deque

from fastapi import FastAPI, Query, Request
from pydantic import BaseModel, Field

app = FastAPI(title="orders")
SEEN: deque[dict] = deque(maxlen=500)
hang_until = 0.0


class Line(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(ge=1, le=100)


class NewOrder(BaseModel):
    items: list[Line] = Field(min_length=1, max_length=50)


@app.middleware("http")
async def remember(request: Request, call_next):
    path = request.url.path
    if path != "/_seen" and not path.startswith("/_debug"):
        SEEN.append(
            {
                "method": request.method,
                "path": path,
                "query": request.url.query,
                "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.headers.raw],
            }
        )
        if (wait := hang_until - time.monotonic()) > 0:
            await asyncio.sleep(wait)
    return await call_next(request)


def echo(request: Request) -> dict:
    """What the gateway told us about the request, echoed for curl users."""
    return {
        "request_id": request.headers.get("x-request-id"),
        "client_id": request.headers.get("x-client-id"),
    }


@app.get("/v1/orders/{order_id}")
def get_order(order_id: str, request: Request) -> dict:
    return {"id": order_id, "status": "shipped", "total_cents": 3598, **echo(request)}


@app.post("/v1/orders", status_code=201)
def place_order(order: NewOrder, request: Request) -> dict:
    return {
        "id": f"o-{uuid.uuid4().hex[:12]}",
        "status": "placed",
        "items": [line.model_dump() for line in order.items],
        **echo(request),
    }


@app.get("/_seen")
def seen() -> dict:
    return {"requests": list(SEEN)}


@app.post("/_debug/hang")
def hang(seconds: float = Query(ge=0, le=60)) -> dict:
    global hang_until
    hang_until = time.monotonic() + seconds
    return {"hanging_for_seconds": seconds}
