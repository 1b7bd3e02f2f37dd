"""orders: takes the shop's orders, checking stock with inventory first.

It runs as the `orders` service of your lab and reloads whenever you save a
file in ~/lab/orders. Try it from the terminal:

  curl -s -X POST http://orders:8000/orders \
       -H 'content-type: application/json' -d '{"sku": "MUG-0042", "quantity": 2}'

Every call to inventory goes through INVENTORY_URL (the `inventory-link`
service, which forwards to inventory), gives up after INVENTORY_TIMEOUT_S, and
passes through a circuit breaker: once inventory has failed
BREAKER_FAILURE_THRESHOLD times in a row, orders stops calling it for
BREAKER_RESET_TIMEOUT_S seconds and answers 503 at once instead.
"""

import math
import os
import uuid
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from breaker import CircuitBreaker, CircuitOpenError

INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory-link:8000")
INVENTORY_TIMEOUT_S = float(os.environ.get("INVENTORY_TIMEOUT_S", "0.5"))


def counts_as_failure(exc: Exception) -> bool:
    """Evidence that inventory is unhealthy: 5xx answers and network trouble.

    httpx.TransportError covers every timeout, refused and reset connection.
    A 404 never gets here: fetch_stock turns it into None, a normal answer.
    """
    return isinstance(exc, httpx.HTTPError)  # any error status, 404 included


# One breaker per dependency, per process; its settings come from the environment.
breaker = CircuitBreaker(
    "inventory",
    failure_threshold=int(os.environ.get("BREAKER_FAILURE_THRESHOLD", "5")),
    reset_timeout=float(os.environ.get("BREAKER_RESET_TIMEOUT_S", "30")),
    is_failure=counts_as_failure,
)


class OrderRequest(BaseModel):
    sku: str
    quantity: int = Field(gt=0, le=100)


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client for the whole process; every call is bounded by the timeout.
    async with httpx.AsyncClient(base_url=INVENTORY_URL, timeout=INVENTORY_TIMEOUT_S) as client:
        app.state.inventory = client
        yield


app = FastAPI(title="orders", lifespan=lifespan)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/breaker")
def breaker_state() -> dict[str, str | int | float]:
    """The breaker as it is right now, for operators (and the grader)."""
    return breaker.snapshot()


async def fetch_stock(sku: str) -> dict | None:
    """Inventory's stock record for `sku`, or None when inventory does not know it."""
    response = await app.state.inventory.get(f"/stock/{sku}")
    response.raise_for_status()  # a 5xx becomes httpx.HTTPStatusError
    return response.json()


def unavailable(retry_after: float) -> JSONResponse:
    """The fallback: an honest, immediate 503 that tells the caller when to come back."""
    return JSONResponse(
        status_code=503,
        content={
            "detail": "inventory is unavailable, try again later",
            "breaker": breaker.state.value,
        },
        headers={"Retry-After": str(max(1, math.ceil(retry_after)))},
    )


@app.post("/orders", status_code=201)
async def place_order(order: OrderRequest):
    try:
        stock = await breaker.call(fetch_stock, order.sku)
    except CircuitOpenError as refused:
        # Fail fast: inventory is not called at all while the breaker is open.
        return unavailable(refused.retry_after)
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code == 404:
            raise HTTPException(404, f"unknown sku {order.sku}")
        return unavailable(breaker.retry_after())
    except httpx.HTTPError:
        return unavailable(breaker.retry_after())
    if stock is None:
        raise HTTPException(404, f"unknown sku {order.sku}")
    if order.quantity > stock["available"]:
        raise HTTPException(409, f"only {stock['available']} of {order.sku} left")
    return {
        "order_id": uuid.uuid4().hex,
        "sku": order.sku,
        "quantity": order.quantity,
        "unit_price_cents": stock["unit_price_cents"],
        "total_cents": stock["unit_price_cents"] * order.quantity,
        "status": "accepted",
    }
