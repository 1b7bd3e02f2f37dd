"""A wrong answer: writes go to Redis, but each replica answers reads from its own copy.

It looks like a sensible optimisation (save a Redis round trip per read), but a
copy a replica keeps goes stale as soon as another replica changes the cart.
"""

import os
import socket

import redis
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel, Field

REPLICA = socket.gethostname()

app = FastAPI(title="cart")
store = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)


class AddItem(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(ge=1, le=1000)


@app.middleware("http")
async def name_the_replica(request: Request, call_next) -> Response:
    response = await call_next(request)
    response.headers["X-Replica"] = REPLICA
    return response


def cart_answer(cart_id: str, items: dict) -> dict:
    return {"cart_id": cart_id, "items": {k: int(v) for k, v in items.items()}, "replica": REPLICA}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "replica": REPLICA}


# The carts this replica has seen, kept here to spare Redis the reads.
cache: dict[str, dict] = {}


@app.get("/carts/{cart_id}")
def get_cart(cart_id: str) -> dict:
    if cart_id not in cache:
        cache[cart_id] = store.hgetall(f"cart:{cart_id}")
    return cart_answer(cart_id, cache[cart_id])


@app.post("/carts/{cart_id}/items")
def add_item(cart_id: str, item: AddItem) -> dict:
    store.hincrby(f"cart:{cart_id}", item.sku, item.quantity)
    cache[cart_id] = store.hgetall(f"cart:{cart_id}")
    return cart_answer(cart_id, cache[cart_id])
