"""Shop like three customers at once, then look at the cart on every replica.

    python3 try_cart.py            add three items through the balancer
    python3 try_cart.py --busy     also add one sku 20 times, 5 requests at a time

It prints what each replica answers for the same cart, and what the cart
should hold. Run it before and after each change.
"""

import argparse
import random
import secrets
from concurrent.futures import ThreadPoolExecutor

import httpx

BALANCER = "http://balancer:8000"
# Each replica's own address. The bare name `cart` is shared by all three, so
# the lab network's DNS answers it with any one of them.
REPLICAS = ["cart-1", "cart-2", "cart-3"]


def add(client: httpx.Client, cart_id: str, sku: str, quantity: int) -> str:
    res = client.post(f"{BALANCER}/carts/{cart_id}/items", json={"sku": sku, "quantity": quantity})
    res.raise_for_status()
    return res.headers.get("x-replica", "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", action="store_true", help="also add one sku many times at once")
    args = parser.parse_args()

    cart_id = f"try-{secrets.token_hex(3)}"
    expected: dict[str, int] = {}
    with httpx.Client(timeout=5) as client:
        for sku in ("mug", "tea", "spoon"):
            quantity = random.randint(1, 5)
            served_by = add(client, cart_id, sku, quantity)
            expected[sku] = expected.get(sku, 0) + quantity
            print(f"added {quantity} × {sku:<6} through the balancer → served by {served_by}")

        if args.busy:
            quantities = [random.randint(1, 3) for _ in range(20)]
            with ThreadPoolExecutor(max_workers=5) as pool:
                list(pool.map(lambda q: add(client, cart_id, "sticker", q), quantities))
            expected["sticker"] = sum(quantities)
            print(f"added sticker 20 times at once, {sum(quantities)} in all")

        print(f"\ncart {cart_id} should hold {dict(sorted(expected.items()))}")
        for address in REPLICAS:
            res = client.get(f"http://{address}:8000/carts/{cart_id}")
            res.raise_for_status()
            items = res.json()["items"]
            verdict = "ok" if items == expected else "WRONG"
            replica = res.headers.get("x-replica", address)
            print(f"  {replica:<7} answers {dict(sorted(items.items()))}  {verdict}")


if __name__ == "__main__":
    main()
