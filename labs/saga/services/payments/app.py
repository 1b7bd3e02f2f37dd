"""payments: charges the customer's card, one participant of the order saga.

Learners do not edit this service. It keeps its state in memory and prints
one line per charge.

  POST /charges            {"order_id", "amount_cents"}  charge the card
                             201 {"id", "order_id", "amount_cents", "status": "charged"}
                             402 {"detail": ..., "charge": {..., "status": "declined"}} over the card's limit
  GET  /charges?order_id=  every charge attempt for that order (charged and declined)
  PUT  /admin/delay        {"ms": n}  answer every charge n ms late (try 3000 to watch a saga in flight)

Send an `Idempotency-Key` header with a charge and payments charges that key
at most once: a retry with the same key gets the first answer back, status
code and all, instead of a second charge.
"""

import asyncio
import os
import uuid

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

# Charges above this amount are declined ("over the card's limit").
LIMIT_CENTS = int(os.environ.get("CARD_LIMIT_CENTS", "50000"))

app = FastAPI(title="payments")

charges: list[dict] = []
# Idempotency-Key -> (the request it came with, the status code and body first answered).
answers: dict[str, tuple[dict, int, dict]] = {}
delay = {"ms": 0}


class ChargeRequest(BaseModel):
    order_id: str = Field(min_length=1)
    amount_cents: int = Field(gt=0)


class Delay(BaseModel):
    ms: int = Field(ge=0, le=60_000)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/charges")
async def charge(
    body: ChargeRequest, idempotency_key: str | None = Header(default=None)
) -> JSONResponse:
    request = body.model_dump()
    if idempotency_key is not None and idempotency_key in answers:
        first_request, status, answer = answers[idempotency_key]
        if first_request != request:
            raise HTTPException(409, "this Idempotency-Key came with a different charge")
        print(f"replay   {answer.get('id', answer.get('charge', {}).get('id'))}: key {idempotency_key} seen before")
        return JSONResponse(answer, status_code=status)

    # The card network answers at once; the delay (if any) is payments being slow to reply.
    record = {"id": f"ch_{uuid.uuid4().hex[:12]}", **request}
    if body.amount_cents > LIMIT_CENTS:
        record["status"] = "declined"
        status = 402
        answer = {"detail": f"card declined: {body.amount_cents} cents is over the limit", "charge": record}
    else:
        record["status"] = "charged"
        status = 201
        answer = record
    charges.append(record)
    if idempotency_key is not None:
        answers[idempotency_key] = (request, status, answer)
    print(f"{record['status']:<8} {record['id']}: {body.amount_cents} cents for {body.order_id}")

    if delay["ms"]:
        await asyncio.sleep(delay["ms"] / 1000)
    return JSONResponse(answer, status_code=status)


@app.get("/charges")
async def list_charges(order_id: str) -> list[dict]:
    return [c for c in charges if c["order_id"] == order_id]


@app.put("/admin/delay")
async def set_delay(body: Delay) -> dict[str, int]:
    delay["ms"] = body.ms
    print(f"delay    charges now answer {body.ms} ms late")
    return delay
