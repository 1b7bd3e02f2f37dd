"""The hello service: a tiny FastAPI application.

It runs as the `hello` service of your lab and reloads whenever you save this
file. Try it from the terminal:  curl http://hello:8000/
"""

from fastapi import FastAPI

app = FastAPI(title="hello")


@app.get("/")
def greet() -> dict[str, str]:
    return {"message": "hello"}


@app.get("/health")
def health() -> dict[str, bool]:
    return {"healthy": True}
