"""A wrong answer: carts are shared in Redis, but adding a sku again overwrites it.

HSET replaces the quantity: a shopper who adds 2 mugs and then 3 more has 3.
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



@app.get("/carts/{cart_id}")
def get_cart(cart_id: str) -> dict:
    return cart_answer(cart_id, store.hgetall(f"cart:{cart_id}"))


@app.post("/carts/{cart_id}/items")
def add_item(cart_id: str, item: AddItem) -> dict:
    store.hset(f"cart:{cart_id}", item.sku, item.quantity)
    return cart_answer(cart_id, store.hgetall(f"cart:{cart_id}"))
