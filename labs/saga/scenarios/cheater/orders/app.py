"""A cheating answer: every order is CONFIRMED at once, without asking anyone.

No stock is reserved, no card is charged, every event is "applied". The
answers look like the real ones; the other services' records do not.
"""

import uuid

from fastapi import FastAPI

app = FastAPI(title="orders")
orders: dict[str, dict] = {}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/orders", status_code=201)
async def place_order(body: dict) -> dict:
    order = {"id": f"ord_{uuid.uuid4().hex[:12]}", **body, "status": "CONFIRMED"}
    orders[order["id"]] = order
    return order


@app.get("/orders/{order_id}")
async def get_order(order_id: str) -> dict:
    return orders.get(order_id, {"id": order_id, "status": "CANCELLED"})


@app.post("/events")
async def handle_event(event: dict) -> dict[str, str]:
    if event.get("order_id") in orders:
        orders[event["order_id"]]["status"] = "CANCELLED"
    return {"status": "applied"}
