"""orders: places an order by running a saga across inventory and payments.

It runs as the `orders` service of your lab and reloads whenever you save this
file. Its own database is SQLite, in /tmp of the orders container.

Try it:
  curl -s -X PUT http://inventory:8000/stock/mug -H 'content-type: application/json' -d '{"available": 5}'
  curl -s -X POST http://orders:8000/orders -H 'content-type: application/json' \
       -d '{"sku": "mug", "qty": 2, "amount_cents": 2400}'
"""

import os
import sqlite3
import uuid

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory:8000")
PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "http://payments:8000")
# Changed a table? Bump the number to start again from an empty database.
DB_PATH = os.environ.get("ORDERS_DB", "/tmp/orders-v1.db")

db = sqlite3.connect(DB_PATH, check_same_thread=False)
db.row_factory = sqlite3.Row
db.executescript(
    """
    CREATE TABLE IF NOT EXISTS orders (
        id             TEXT PRIMARY KEY,
        sku            TEXT NOT NULL,
        qty            INTEGER NOT NULL,
        amount_cents   INTEGER NOT NULL,
        status         TEXT NOT NULL,     -- PENDING, CONFIRMED or CANCELLED
        reservation_id TEXT,
        reason         TEXT
    );
    """
)

app = FastAPI(title="orders")


class OrderRequest(BaseModel):
    sku: str = Field(min_length=1)
    qty: int = Field(gt=0)
    amount_cents: int = Field(gt=0)


class Event(BaseModel):
    event_id: str = Field(min_length=1)
    type: str
    order_id: str


def load(order_id: str) -> dict | None:
    row = db.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    return dict(row) if row else None


def update(order_id: str, **fields: object) -> None:
    columns = ", ".join(f"{name} = ?" for name in fields)
    with db:  # one local transaction, committed when the block ends
        db.execute(f"UPDATE orders SET {columns} WHERE id = ?", (*fields.values(), order_id))


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/orders/{order_id}")
async def get_order(order_id: str) -> dict:
    if (order := load(order_id)) is None:
        raise HTTPException(404, f"no order {order_id}")
    return order


@app.post("/orders", status_code=201)
async def place_order(body: OrderRequest) -> dict:
    order_id = f"ord_{uuid.uuid4().hex[:12]}"
    with db:
        db.execute(
            "INSERT INTO orders (id, sku, qty, amount_cents, status) VALUES (?, ?, ?, ?, 'PENDING')",
            (order_id, body.sku, body.qty, body.amount_cents),
        )

    async with httpx.AsyncClient() as client:
        # Step 1: reserve the stock.
        res = await client.post(
            f"{INVENTORY_URL}/reservations",
            json={"order_id": order_id, "sku": body.sku, "qty": body.qty},
        )
        if res.status_code == 409:  # out of stock: nothing was reserved, nothing to undo
            update(order_id, status="CANCELLED", reason=res.json()["detail"])
            return load(order_id)
        res.raise_for_status()
        reservation_id = res.json()["id"]
        update(order_id, reservation_id=reservation_id)

        # Step 2: charge the card.
        res = await client.post(
            f"{PAYMENTS_URL}/charges",
            json={"order_id": order_id, "amount_cents": body.amount_cents},
        )
        res.raise_for_status()

        # Step 3: the order is paid: sell the held stock and confirm.
        res = await client.post(f"{INVENTORY_URL}/reservations/{reservation_id}/commit")
        res.raise_for_status()
        update(order_id, status="CONFIRMED")

    return load(order_id)


@app.post("/events")
async def handle_event(event: Event) -> dict[str, str]:
    """Events from other services, delivered at least once (so sometimes twice)."""
    if event.type != "PaymentRefunded":
        return {"status": "ignored"}
    order = load(event.order_id)
    if order is None:
        return {"status": "ignored"}

    # The customer got their money back: put the items back on the shelf and cancel the order.
    async with httpx.AsyncClient() as client:
        res = await client.post(
            f"{INVENTORY_URL}/stock/{order['sku']}/restock", json={"qty": order["qty"]}
        )
        res.raise_for_status()
    update(event.order_id, status="CANCELLED", reason="payment refunded")
    return {"status": "applied"}
