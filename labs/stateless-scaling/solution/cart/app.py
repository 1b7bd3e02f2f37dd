"""The cart service of a small shop.

Three replicas of this file run at once behind the `balancer` at
http://balancer:8000 (reach one directly as cart-1, cart-2 or cart-3), and
each reloads whenever you save. Redis is at REDIS_URL (redis://redis:6379/0).
Try it:

    curl -s http://balancer:8000/carts/ada
    curl -s -X POST http://balancer:8000/carts/ada/items \
         -H 'content-type: application/json' -d '{"sku": "mug", "quantity": 2}'

Every answer names the replica that served it (the X-Replica header and the
"replica" field), so you can see where each request landed.

The carts live in Redis, not in this process: each cart is one Redis hash,
cart:<cart_id>, with a field per sku holding its quantity. Any replica can
serve any request, and a replica can die or restart without losing a cart.
"""

import os
import socket

import redis
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

# The container's host name: cart, cart-2 or cart-3.
REPLICA = socket.gethostname()
# A cart nobody touches for a week goes away by itself.
CART_TTL_SECONDS = 7 * 24 * 3600

app = FastAPI(title="cart")

# One client (and one connection pool) per process; it connects on first use.
# Short timeouts: a slow Redis must not hang every request.
store = redis.Redis.from_url(
    os.environ.get("REDIS_URL", "redis://redis:6379/0"),
    decode_responses=True,
    socket_timeout=1,
    socket_connect_timeout=1,
)


class AddItem(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(ge=1, le=1000)


@app.middleware("http")
async def name_the_replica(request: Request, call_next) -> Response:
    response = await call_next(request)
    response.headers["X-Replica"] = REPLICA
    return response


@app.exception_handler(redis.RedisError)
async def store_unavailable(request: Request, error: redis.RedisError) -> JSONResponse:
    # Say so plainly instead of a 500 with a traceback: the caller may retry later.
    return JSONResponse({"detail": "the cart store is unavailable"}, status_code=503)


def cart_key(cart_id: str) -> str:
    # The same key on every replica: nothing about this process goes into it.
    return f"cart:{cart_id}"


def cart_answer(cart_id: str, fields: dict[str, str]) -> dict:
    # Redis hands back strings; the API speaks integers.
    items = {sku: int(quantity) for sku, quantity in fields.items()}
    return {"cart_id": cart_id, "items": items, "replica": REPLICA}


@app.get("/health")
def health() -> dict[str, str]:
    # Liveness only: this process answers. It does not ask Redis.
    return {"status": "ok", "replica": REPLICA}


# Plain `def` handlers: FastAPI runs them in its thread pool, so the blocking
# redis-py calls never stall the event loop.
@app.get("/carts/{cart_id}")
def get_cart(cart_id: str) -> dict:
    """The cart's items as {sku: quantity}; a cart nobody has added to is empty."""
    # Read Redis on every request: a copy kept here would go stale as soon as
    # another replica changes the cart.
    return cart_answer(cart_id, store.hgetall(cart_key(cart_id)))


@app.post("/carts/{cart_id}/items")
def add_item(cart_id: str, item: AddItem) -> dict:
    """Adds `quantity` of `sku` to the cart (on top of what is already there)."""
    key = cart_key(cart_id)
    # HINCRBY adds on Redis's side, atomically: two replicas adding the same
    # sku at the same moment both count. (Reading the cart, changing it here
    # and writing it back would lose one of the two.) The pipeline sends the
    # three commands in one round trip and runs them as one MULTI/EXEC.
    with store.pipeline() as pipe:
        pipe.hincrby(key, item.sku, item.quantity)
        pipe.expire(key, CART_TTL_SECONDS)
        pipe.hgetall(key)
        _, _, fields = pipe.execute()
    return cart_answer(cart_id, fields)
