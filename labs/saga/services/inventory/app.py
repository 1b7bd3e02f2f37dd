"""inventory: the stock of the shop, one participant of the order saga.

Learners do not edit this service. It keeps its state in memory and prints
one line per stock movement, so its log tells the story of every order.

  PUT  /stock/{sku}                     {"available": n}  put n items on the shelf (sets the count)
  GET  /stock/{sku}                     counts and every reservation of that sku
  POST /reservations                    {"order_id", "sku", "qty"}  hold stock for an order
  POST /reservations/{id}/commit        the order is paid: the held items are sold
  POST /reservations/{id}/release       the compensation of a reservation: held items go back
  POST /stock/{sku}/restock             {"qty": n}  a goods receipt: n items come back to the shelf

Reserving, committing and releasing are idempotent: one order holds at most
one reservation (a retried reservation returns the first one), and releasing
or committing twice changes nothing. A restock is not: every call adds its
quantity again, the way every delivery to a warehouse is counted.
"""

import uuid
from dataclasses import asdict, dataclass, field
from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

app = FastAPI(title="inventory")


@dataclass
class Reservation:
    id: str
    order_id: str
    sku: str
    qty: int
    status: Literal["held", "committed", "released"] = "held"


@dataclass
class Stock:
    available: int = 0
    reserved: int = 0  # held for orders whose saga has not finished
    committed: int = 0  # sold: held for orders that were paid
    reservations: list[Reservation] = field(default_factory=list)


# Every handler is `async def` and never awaits while it changes state, so each
# one runs to completion on the event loop before the next starts: no locks needed.
stock: dict[str, Stock] = {}
reservations: dict[str, Reservation] = {}
by_order: dict[str, Reservation] = {}


class SetStock(BaseModel):
    available: int = Field(ge=0)


class ReserveRequest(BaseModel):
    order_id: str = Field(min_length=1)
    sku: str = Field(min_length=1)
    qty: int = Field(gt=0)


class Restock(BaseModel):
    qty: int = Field(gt=0)


def view(sku: str, item: Stock) -> dict:
    return {
        "sku": sku,
        "available": item.available,
        "reserved": item.reserved,
        "committed": item.committed,
        "reservations": [asdict(r) for r in item.reservations],
    }


def find_stock(sku: str) -> Stock:
    if sku not in stock:
        raise HTTPException(404, f"unknown sku {sku!r}: put it on the shelf with PUT /stock/{sku}")
    return stock[sku]


def find_reservation(reservation_id: str) -> Reservation:
    if reservation_id not in reservations:
        raise HTTPException(404, f"no reservation {reservation_id!r}")
    return reservations[reservation_id]


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.put("/stock/{sku}")
async def set_stock(sku: str, body: SetStock) -> dict:
    item = stock.setdefault(sku, Stock())
    item.available = body.available
    print(f"stock {sku}: {body.available} available")
    return view(sku, item)


@app.get("/stock/{sku}")
async def get_stock(sku: str) -> dict:
    return view(sku, find_stock(sku))


@app.post("/reservations", status_code=201)
async def reserve(body: ReserveRequest) -> dict:
    if (existing := by_order.get(body.order_id)) is not None:
        # A retried command: the order already holds its one reservation.
        return asdict(existing)
    item = find_stock(body.sku)
    if item.available < body.qty:
        raise HTTPException(409, f"out of stock: {item.available} {body.sku} available, {body.qty} asked")
    reservation = Reservation(f"res_{uuid.uuid4().hex[:12]}", body.order_id, body.sku, body.qty)
    item.available -= body.qty
    item.reserved += body.qty
    item.reservations.append(reservation)
    reservations[reservation.id] = by_order[body.order_id] = reservation
    print(f"reserve  {reservation.id}: {body.qty} x {body.sku} held for {body.order_id}")
    return asdict(reservation)


@app.post("/reservations/{reservation_id}/commit")
async def commit(reservation_id: str) -> dict:
    reservation = find_reservation(reservation_id)
    if reservation.status == "released":
        raise HTTPException(409, f"{reservation_id} was released: it cannot be sold any more")
    if reservation.status == "held":
        item = stock[reservation.sku]
        item.reserved -= reservation.qty
        item.committed += reservation.qty
        reservation.status = "committed"
        print(f"commit   {reservation.id}: {reservation.qty} x {reservation.sku} sold to {reservation.order_id}")
    return asdict(reservation)


@app.post("/reservations/{reservation_id}/release")
async def release(reservation_id: str) -> dict:
    reservation = find_reservation(reservation_id)
    if reservation.status == "committed":
        raise HTTPException(409, f"{reservation_id} is committed (sold): restock returned goods instead")
    if reservation.status == "held":
        item = stock[reservation.sku]
        item.reserved -= reservation.qty
        item.available += reservation.qty
        reservation.status = "released"
        print(f"release  {reservation.id}: {reservation.qty} x {reservation.sku} back from {reservation.order_id}")
    return asdict(reservation)


@app.post("/stock/{sku}/restock")
async def restock(sku: str, body: Restock) -> dict:
    item = find_stock(sku)
    item.available += body.qty
    print(f"restock  {sku}: +{body.qty}, {item.available} available")
    return view(sku, item)
