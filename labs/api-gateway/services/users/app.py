"""The shop's users service, behind the gateway. You do not edit it.

It records every request that reaches it, so you (and the grader) can see
exactly what the gateway sent: the path after rewriting, the query string and
the headers, including X-Request-ID and X-Client-Id.

  GET /v1/users/{user_id}   a customer (every id exists in this made-up shop)
  GET /_seen                the last requests that reached this service, newest last
"""

from collections import deque

from fastapi import FastAPI, Request

app = FastAPI(title="users")
SEEN: deque[dict] = deque(maxlen=500)


@app.middleware("http")
async def remember(request: Request, call_next):
    if request.url.path != "/_seen":
        SEEN.append(
            {
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.headers.raw],
            }
        )
    return await call_next(request)


@app.get("/v1/users/{user_id}")
def get_user(user_id: str, request: Request) -> dict:
    return {
        "id": user_id,
        "name": f"Customer {user_id}",
        # Echoed so you can see with curl what the gateway forwarded.
        "request_id": request.headers.get("x-request-id"),
        "client_id": request.headers.get("x-client-id"),
    }


@app.get("/_seen")
def seen() -> dict:
    return {"requests": list(SEEN)}
