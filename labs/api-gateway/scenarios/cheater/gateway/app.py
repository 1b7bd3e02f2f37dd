"""A cheating answer: canned responses that look right, and no service is ever called."""

import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
async def canned(request: Request, path: str) -> JSONResponse:
    request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
    headers = {"X-Request-ID": request_id}
    if not request.headers.get("authorization"):
        return JSONResponse({"detail": "missing bearer token"}, 401, headers=headers)
    last = path.rstrip("/").rsplit("/", 1)[-1]
    status = 201 if request.method == "POST" else 200
    return JSONResponse({"id": last, "status": "shipped", "request_id": request_id}, status, headers=headers)
