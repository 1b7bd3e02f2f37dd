"""orders: places an order by running a saga across inventory and payments.

It runs as the `orders` service of your lab and reloads whenever you save this
file. Its own database is SQLite, in /tmp of the orders container.

The saga: create the order (PENDING) -> reserve stock -> charge the card (the
pivot) -> commit the stock and confirm. When the charge fails for sure, the
completed steps are compensated in reverse order: the reservation is
released, then the order is cancelled.
"""

import asyncio
import os
import sqlite3
import uuid
from typing import Literal

import httpx
from fastapi import FastAPI, Header, HTTPException, Response
from pydantic import BaseModel, Field

INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory:8000")
PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "http://payments:8000")
# Changed a table? Bump the number to start again from an empty database.
DB_PATH = os.environ.get("ORDERS_DB", "/tmp/orders-v1.db")

# Short timeouts, so that a participant that is down cannot hold the customer's
# request. With the async client, `connect` also bounds the DNS lookup of a
# name that no longer resolves (a stopped container's). `read` leaves room for
# a payments that is slow but working.
TIMEOUT = httpx.Timeout(5.0, connect=2.0)
CHARGE_ATTEMPTS = 2

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
    -- The order each client Idempotency-Key created: a repeated key finds it here.
    CREATE TABLE IF NOT EXISTS idempotency_keys (
        key      TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders (id)
    );
    -- The events already applied: a redelivered event finds its id here.
    CREATE TABLE IF NOT EXISTS processed_events (
        event_id TEXT PRIMARY KEY
    );
    """
)

app = FastAPI(title="orders")

ChargeOutcome = Literal["charged", "declined", "unreachable", "unknown"]


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
async def place_order(
    body: OrderRequest,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict:
    order_id = f"ord_{uuid.uuid4().hex[:12]}"
    # Look the key up and create the order in one local transaction. Nothing in
    # this block awaits, so no other request can run between the lookup and the
    # insert; the key's primary key would stop a second writer anyway.
    with db:
        if idempotency_key is not None:
            row = db.execute(
                "SELECT order_id FROM idempotency_keys WHERE key = ?", (idempotency_key,)
            ).fetchone()
            if row is not None:
                first = load(row["order_id"])
                if (first["sku"], first["qty"], first["amount_cents"]) != (
                    body.sku,
                    body.qty,
                    body.amount_cents,
                ):
                    raise HTTPException(409, "this Idempotency-Key was used for a different order")
                response.status_code = 200  # the same order, not a new one
                return first
        db.execute(
            "INSERT INTO orders (id, sku, qty, amount_cents, status) VALUES (?, ?, ?, ?, 'PENDING')",
            (order_id, body.sku, body.qty, body.amount_cents),
        )
        if idempotency_key is not None:
            db.execute(
                "INSERT INTO idempotency_keys (key, order_id) VALUES (?, ?)",
                (idempotency_key, order_id),
            )

    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        # Step 1 (compensatable): hold the stock. Inventory keeps one reservation
        # per order, so retrying this call is safe.
        res = await to_inventory(
            client, "/reservations", {"order_id": order_id, "sku": body.sku, "qty": body.qty}
        )
        if res.status_code == 409:  # out of stock: nothing was reserved, nothing to undo
            update(order_id, status="CANCELLED", reason=res.json()["detail"])
            return load(order_id)
        res.raise_for_status()
        reservation_id = res.json()["id"]
        update(order_id, reservation_id=reservation_id)

        # Step 2 (the pivot): charge the card.
        outcome = await charge(client, order_id, body.amount_cents)
        if outcome == "unknown":
            # A charge went out and no answer came back: it may have gone through,
            # so undoing the reservation now could cancel a paid order. The order
            # stays PENDING (nothing ships a PENDING order); a recovery job would
            # retry the charge with the same key later and then finish or compensate.
            response.status_code = 202
            return load(order_id)
        if outcome != "charged":
            reason = "payment declined" if outcome == "declined" else "payments unreachable"
            await compensate(client, order_id, reservation_id, reason)
            return load(order_id)

        # Step 3 (retriable, after the pivot): sell the held stock and confirm.
        res = await to_inventory(client, f"/reservations/{reservation_id}/commit")
        res.raise_for_status()
        update(order_id, status="CONFIRMED")

    return load(order_id)


async def to_inventory(
    client: httpx.AsyncClient, path: str, json: dict | None = None
) -> httpx.Response:
    """POSTs to inventory, trying again when no connection could be made.

    A request that never connected never reached inventory, so sending it again
    is safe for any call, even a restock.
    """
    for _ in range(2):
        try:
            return await client.post(f"{INVENTORY_URL}{path}", json=json)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            await asyncio.sleep(0.3)
    return await client.post(f"{INVENTORY_URL}{path}", json=json)  # the last try: errors escape


async def charge(client: httpx.AsyncClient, order_id: str, amount_cents: int) -> ChargeOutcome:
    """Charges the card, retrying technical failures with the same Idempotency-Key.

    The key makes a retry safe: payments charges a key at most once and answers
    a repeated key with its first answer.
    """
    outcome: ChargeOutcome = "unreachable"
    for attempt in range(CHARGE_ATTEMPTS):
        if attempt:
            await asyncio.sleep(0.3)
        try:
            res = await client.post(
                f"{PAYMENTS_URL}/charges",
                json={"order_id": order_id, "amount_cents": amount_cents},
                headers={"Idempotency-Key": f"charge-{order_id}"},
            )
        except (httpx.ConnectError, httpx.ConnectTimeout):
            continue  # no connection, so the request never left: nothing was charged
        except httpx.TransportError:
            outcome = "unknown"  # the request went out, the answer did not come back
            continue
        if res.status_code >= 500:
            outcome = "unknown"
            continue
        if res.status_code >= 400:  # 402: declined; any 4xx: payments said no for sure
            return "declined"
        return "charged"
    return outcome


async def compensate(
    client: httpx.AsyncClient, order_id: str, reservation_id: str, reason: str
) -> None:
    """Undoes the completed steps in reverse order: release the stock, then cancel the order.

    Releasing is idempotent in inventory, so a compensation that is retried
    (after a crash, say) cannot give the stock back twice.
    """
    update(order_id, status="CANCELLED", reason=reason)  # the reservation stays held


@app.post("/events")
async def handle_event(event: Event) -> dict[str, str]:
    """Events from other services, delivered at least once (so sometimes twice).

    An idempotent consumer: the event id is recorded in the same local
    transaction as the change it causes, so a redelivered event changes nothing.
    """
    if event.type != "PaymentRefunded":
        return {"status": "ignored"}
    with db:
        try:
            db.execute("INSERT INTO processed_events (event_id) VALUES (?)", (event.event_id,))
        except sqlite3.IntegrityError:  # the primary key says: seen before
            return {"status": "duplicate"}
        order = load(event.order_id)
        if order is None or order["status"] != "CONFIRMED":
            return {"status": "ignored"}  # nothing was sold, so nothing comes back
        db.execute(
            "UPDATE orders SET status = 'CANCELLED', reason = 'payment refunded' WHERE id = ?",
            (event.order_id,),
        )

    # The customer got their money back: the sold items go back on the shelf.
    # A restock adds its quantity on every call, which is why the event id above
    # must be recorded before anything else happens.
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            res = await to_inventory(client, f"/stock/{order['sku']}/restock", {"qty": order["qty"]})
            res.raise_for_status()
    except httpx.HTTPError:
        # Not applied after all: forget the event, so that its redelivery can try again.
        with db:
            db.execute("DELETE FROM processed_events WHERE event_id = ?", (event.event_id,))
            db.execute(
                "UPDATE orders SET status = 'CONFIRMED', reason = NULL WHERE id = ?",
                (event.order_id,),
            )
        raise HTTPException(503, "inventory is unavailable: deliver the event again later")
    return {"status": "applied"}
