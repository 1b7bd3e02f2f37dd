"""Mint HS256 JWTs for trying your gateway, as the shop's auth service would.

  python3 mint_token.py                                   # sub=alice, scope="users:read"
  python3 mint_token.py --sub bob --scope "orders:read orders:write"
  python3 mint_token.py --ttl -60                          # already expired
  python3 mint_token.py --secret wrong-secret              # a forged signature

  TOKEN=$(python3 mint_token.py --scope "users:read")
  curl -s -H "Authorization: Bearer $TOKEN" http://gateway:8000/api/users/u-1

The defaults are the values the lab gives the gateway in its environment
(JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE). In real life only the auth service
holds the secret.
"""

import argparse
import base64
import hashlib
import hmac
import json
import time

SECRET = "shop-lab-hs256-secret-7d41c0a9"
ISSUER = "https://auth.shop.example"
AUDIENCE = "shop-api"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(claims: dict, secret: str) -> str:
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Mint an HS256 JWT for the lab's gateway.")
    parser.add_argument("--sub", default="alice", help="the caller's id (default: alice)")
    parser.add_argument("--scope", default="users:read", help='space-separated scopes (default: "users:read")')
    parser.add_argument("--ttl", type=int, default=3600, help="seconds until it expires; negative: already expired")
    parser.add_argument("--secret", default=SECRET, help="signing secret (default: the lab's)")
    parser.add_argument("--iss", default=ISSUER, help=f"issuer (default: {ISSUER})")
    parser.add_argument("--aud", default=AUDIENCE, help=f"audience (default: {AUDIENCE})")
    args = parser.parse_args()
    now = int(time.time())
    claims = {"sub": args.sub, "scope": args.scope, "iss": args.iss, "aud": args.aud,
              "iat": now, "exp": now + args.ttl}  # fmt: skip
    print(mint(claims, args.secret))


if __name__ == "__main__":
    main()
