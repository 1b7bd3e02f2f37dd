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
"""

import socket

from fastapi import FastAPI, Request, Response
from pydantic import BaseModel, Field

# The container's host name: cart, cart-2 or cart-3.
REPLICA = socket.gethostname()

app = FastAPI(title="cart")

# Every cart, as {cart_id: {sku: quantity}}, in THIS process's memory.
carts: dict[str, dict[str, int]] = {}


class AddItem(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int = Field(ge=1, le=1000)


@app.middleware("http")
async def name_the_replica(request: Request, call_next) -> Response:
    response = await call_next(request)
    response.headers["X-Replica"] = REPLICA
    return response


def cart_answer(cart_id: str, items: dict[str, int]) -> dict:
    return {"cart_id": cart_id, "items": items, "replica": REPLICA}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "replica": REPLICA}


@app.get("/carts/{cart_id}")
def get_cart(cart_id: str) -> dict:
    """The cart's items as {sku: quantity}; a cart nobody has added to is empty."""
    return cart_answer(cart_id, carts.get(cart_id, {}))


@app.post("/carts/{cart_id}/items")
def add_item(cart_id: str, item: AddItem) -> dict:
    """Adds `quantity` of `sku` to the cart (on top of what is already there)."""
    cart = carts.setdefault(cart_id, {})
    cart[item.sku] = cart.get(item.sku, 0) + item.quantity
    return cart_answer(cart_id, cart)
