"""A TCP proxy a lab puts between two services, so the grader can add latency
or failures on that link.

  LISTEN_PORT   where callers connect (default 8000)
  TARGET        host:port it forwards to, e.g. inventory:8000
  CONTROL_PORT  the grader's control API (default 9000):
                  POST /latency?ms=N     delay every new connection by N ms
                  POST /errors?rate=R    reset a share R (0..1) of new connections
                  POST /reset            back to a clean link
                  GET  /                 the current settings, as JSON
"""

import asyncio
import json
import os
import random
from urllib.parse import parse_qs, urlsplit

LISTEN_PORT = int(os.environ.get("LISTEN_PORT", "8000"))
CONTROL_PORT = int(os.environ.get("CONTROL_PORT", "9000"))
TARGET_HOST, TARGET_PORT = os.environ["TARGET"].rsplit(":", 1)

state = {"latency_ms": 0, "error_rate": 0.0, "connections": 0, "reset": 0}


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def proxy(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
    state["connections"] += 1
    if random.random() < state["error_rate"]:
        state["reset"] += 1
        client_writer.transport.abort()  # the caller sees a connection reset
        return
    if state["latency_ms"]:
        await asyncio.sleep(state["latency_ms"] / 1000)
    try:
        target_reader, target_writer = await asyncio.open_connection(TARGET_HOST, int(TARGET_PORT))
    except OSError:
        client_writer.transport.abort()
        return
    await asyncio.gather(pipe(client_reader, target_writer), pipe(target_reader, client_writer))


async def control(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    request = (await reader.readline()).decode("latin-1").split()
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass  # headers: nothing in them matters here
    status = "200 OK"
    if len(request) >= 2:
        method, target = request[0], urlsplit(request[1])
        query = {k: v[0] for k, v in parse_qs(target.query).items()}
        try:
            if method == "POST" and target.path == "/latency":
                state["latency_ms"] = max(0, int(query["ms"]))
            elif method == "POST" and target.path == "/errors":
                state["error_rate"] = min(1.0, max(0.0, float(query["rate"])))
            elif method == "POST" and target.path == "/reset":
                state.update(latency_ms=0, error_rate=0.0)
            elif not (method == "GET" and target.path == "/"):
                status = "404 Not Found"
        except (KeyError, ValueError):
            status = "400 Bad Request"
    body = json.dumps(state).encode()
    writer.write(
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    writer.close()


async def main() -> None:
    servers = [
        await asyncio.start_server(proxy, "0.0.0.0", LISTEN_PORT),
        await asyncio.start_server(control, "0.0.0.0", CONTROL_PORT),
    ]
    print(f"fault proxy: :{LISTEN_PORT} -> {TARGET_HOST}:{TARGET_PORT}, control on :{CONTROL_PORT}", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main())
