"""orders: takes the shop's orders, checking stock with inventory first.

It runs as the `orders` service of your lab and reloads whenever you save a
file in ~/lab/orders. Try it from the terminal:

  curl -s -X POST http://orders:8000/orders \
       -H 'content-type: application/json' -d '{"sku": "MUG-0042", "quantity": 2}'

Every call to inventory goes through INVENTORY_URL (the `inventory-link`
service, which forwards to inventory) and gives up after INVENTORY_TIMEOUT_S.
"""

import os
import uuid
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory-link:8000")
INVENTORY_TIMEOUT_S = float(os.environ.get("INVENTORY_TIMEOUT_S", "0.5"))


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


async def fetch_stock(sku: str) -> dict | None:
    """Inventory's stock record for `sku`, or None when inventory does not know it."""
    response = await app.state.inventory.get(f"/stock/{sku}")
    if response.status_code == 404:
        return None
    response.raise_for_status()  # a 5xx becomes httpx.HTTPStatusError
    return response.json()


@app.post("/orders", status_code=201)
async def place_order(order: OrderRequest):
    try:
        stock = await fetch_stock(order.sku)
    except httpx.HTTPError:  # timeouts, refused or reset connections, 5xx answers
        return JSONResponse(
            status_code=503, content={"detail": "inventory is unavailable, try again later"}
        )
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
