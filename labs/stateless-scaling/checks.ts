import { randomBytes, randomInt } from 'node:crypto';
import { CheckFailure, defineChecks } from '../../grader/sdk';
import type { CheckContext, HttpClient, HttpResponse } from '../../grader/sdk';

/** The three cart replicas as the grader addresses them (the first answers to `cart`). */
const REPLICAS = ['cart', 'cart-2', 'cart-3'] as const;
const PORT = 8000;

type Items = Record<string, number>;

// Fresh ids, skus and quantities every attempt: a canned answer cannot pass.
const newCartId = (): string => `c-${randomBytes(5).toString('hex')}`;
const newSku = (): string => `sku-${randomBytes(3).toString('hex')}`;
const quantity = (max = 9): number => randomInt(1, max + 1);

const show = (items: unknown): string => JSON.stringify(items);

/** The replica an answer names: the X-Replica header the starter sets from the host name, or its "replica" field. */
function replicaOf(res: HttpResponse): string {
  const header = res.headers['x-replica'];
  const name =
    (Array.isArray(header) ? header[0] : header) ??
    (res.json as { replica?: unknown } | undefined)?.replica;
  if (typeof name !== 'string' || name === '') {
    throw new CheckFailure(
      `${res.status} answer names no replica: keep the starter's middleware that sets the X-Replica header`,
    );
  }
  return name;
}

/** The `items` of a cart answer, after checking it is one. */
function itemsOf(res: HttpResponse, what: string): Items {
  if (res.status < 200 || res.status > 299) {
    throw new CheckFailure(
      `${what}: expected a 2xx answer, got ${res.status} ${res.text.trim().slice(0, 200)}`,
    );
  }
  const items = (res.json as { items?: unknown } | undefined)?.items;
  const valid =
    typeof items === 'object' &&
    items !== null &&
    !Array.isArray(items) &&
    Object.values(items).every((q) => Number.isInteger(q));
  if (!valid) {
    throw new CheckFailure(
      `${what}: expected a body like {"items": {"<sku>": <quantity>}}, got ${res.text.trim().slice(0, 200)}`,
    );
  }
  return items as Items;
}

async function readCart(client: HttpClient, cartId: string, what: string): Promise<Items> {
  return itemsOf(await client.get(`/carts/${cartId}`), what);
}

async function addItem(
  client: HttpClient,
  cartId: string,
  sku: string,
  qty: number,
  what: string,
): Promise<Items> {
  return itemsOf(await client.post(`/carts/${cartId}/items`, { sku, quantity: qty }), what);
}

/** Every replica answers /health: after a fault of an earlier check, one may still be starting. */
async function replicasUp({ http, eventually, expect }: CheckContext): Promise<void> {
  for (const replica of REPLICAS) {
    await eventually(
      async () => {
        const res = await http(replica, PORT).get('/health', { timeoutMs: 3_000 });
        expect(res.status, `GET /health on ${replica}`).toBe(200);
      },
      { within: 20_000, interval: 300 },
    );
  }
}

export default defineChecks({
  'replicas-answer': {
    title:
      'the balancer spreads requests over three cart replicas, and each answer names its replica',
    points: 1,
    async run({ http, eventually, expect, note }) {
      const balancer = http('balancer', PORT);
      const seen = await eventually(
        async () => {
          const names = new Set<string>();
          for (let i = 0; i < 9; i++) {
            const res = await balancer.get('/health', { timeoutMs: 3_000 });
            expect(res.status, 'GET /health through the balancer').toBe(200);
            names.add(replicaOf(res));
          }
          expect(
            names.size,
            `distinct replicas named by 9 answers through the balancer (${[...names].join(', ')})`,
          ).toBeGreaterThanOrEqual(3);
          return names;
        },
        { within: 20_000, interval: 500 },
      );
      note(`answers came from ${[...seen].sort().join(', ')}`);
    },
  },

  'cart-api': {
    title:
      'one replica keeps a cart: a new cart is empty, added items come back, a quantity of 0 is refused',
    points: 1,
    async run({ http, expect }) {
      const cart = http('cart', PORT);
      const id = newCartId();
      expect(await readCart(cart, id, `GET /carts/${id}`), `a new cart ${id}`).toEqual({});
      const [a, b] = [newSku(), newSku()];
      const [qa, qb] = [quantity(), quantity()];
      expect(
        await addItem(cart, id, a, qa, `POST /carts/${id}/items`),
        `cart after adding ${qa} × ${a}`,
      ).toEqual({ [a]: qa });
      await addItem(cart, id, b, qb, `POST /carts/${id}/items`);
      expect(
        await readCart(cart, id, `GET /carts/${id}`),
        `cart after adding ${qa} × ${a} and ${qb} × ${b}`,
      ).toEqual({ [a]: qa, [b]: qb });
      const refused = await cart.post(`/carts/${id}/items`, { sku: a, quantity: 0 });
      expect(refused.status, 'adding a quantity of 0').toBe(422);
    },
  },

  'cart-shared': {
    title:
      'every replica sees the same cart: items added on cart, cart-2 and cart-3 all come back on each',
    points: 3,
    async run(ctx) {
      const { http, expect, note } = ctx;
      await replicasUp(ctx);
      const id = newCartId();
      // A new cart, looked at on every replica first: a copy cached now would go stale.
      for (const replica of REPLICAS) {
        expect(
          await readCart(http(replica, PORT), id, `GET /carts/${id} on ${replica}`),
          `the new cart ${id} on ${replica}`,
        ).toEqual({});
      }
      const expected: Items = {};
      const added: string[] = [];
      for (let k = 0; k < 5; k++) {
        const replica = REPLICAS[k % REPLICAS.length]!;
        const [sku, qty] = [newSku(), quantity()];
        await addItem(http(replica, PORT), id, sku, qty, `POST /carts/${id}/items on ${replica}`);
        expected[sku] = qty;
        added.push(`${qty} × ${sku} on ${replica}`);
      }
      note(`added ${added.join(', ')}`);
      for (const replica of REPLICAS) {
        expect(
          await readCart(http(replica, PORT), id, `GET /carts/${id} on ${replica}`),
          `cart ${id} read on ${replica}`,
        ).toEqual(expected);
      }
      // And as a shopper sees it: through the balancer, which takes the replicas in turn.
      const balancer = http('balancer', PORT);
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await balancer.get(`/carts/${id}`);
        const items = itemsOf(res, `GET /carts/${id} through the balancer`);
        const replica = replicaOf(res);
        seen.add(replica);
        expect(items, `cart ${id} read through the balancer (served by ${replica})`).toEqual(
          expected,
        );
      }
      note(`read back intact through the balancer from ${[...seen].sort().join(', ')}`);
    },
  },

  'adds-accumulate': {
    title:
      'adding a sku again increases its quantity, also when the adds land on different replicas at once',
    points: 2,
    async run(ctx) {
      const { http, expect, successRate, note } = ctx;
      await replicasUp(ctx);
      const id = newCartId();
      // One sku, added once on each replica in turn.
      const sku = newSku();
      let total = 0;
      const steps: string[] = [];
      for (const replica of REPLICAS) {
        const qty = quantity();
        await addItem(http(replica, PORT), id, sku, qty, `POST /carts/${id}/items on ${replica}`);
        total += qty;
        steps.push(`${qty} on ${replica}`);
      }
      for (const replica of REPLICAS) {
        const items = await readCart(http(replica, PORT), id, `GET /carts/${id} on ${replica}`);
        expect(
          items[sku],
          `quantity of ${sku} read on ${replica} after adding ${steps.join(', then ')}`,
        ).toBe(total);
      }
      // Another sku, added by six shoppers' requests at once through the balancer.
      const busy = newSku();
      const quantities = Array.from({ length: 24 }, () => quantity(5));
      const sum = quantities.reduce((a, b) => a + b, 0);
      const balancer = http('balancer', PORT);
      const ok = await successRate(
        async (i) => {
          await addItem(balancer, id, busy, quantities[i]!, `POST /carts/${id}/items`);
        },
        { requests: quantities.length, concurrency: 6 },
      );
      expect(ok, `share of ${quantities.length} concurrent adds that succeeded`).toBe(1);
      note(`${quantities.length} concurrent adds of ${busy} through the balancer, ${sum} in all`);
      for (const replica of REPLICAS) {
        const items = await readCart(http(replica, PORT), id, `GET /carts/${id} on ${replica}`);
        expect(
          items[busy],
          `quantity of ${busy} read on ${replica} after ${quantities.length} concurrent adds totalling ${sum}`,
        ).toBe(sum);
      }
    },
  },

  'restart-keeps-cart': {
    title: 'a replica that restarts still serves the carts it was given',
    points: 1,
    timeoutMs: 45_000,
    async run(ctx) {
      const { http, expect, eventually, faults } = ctx;
      await replicasUp(ctx);
      const replica = http('cart-2', PORT);
      const id = newCartId();
      const [a, b] = [newSku(), newSku()];
      const [qa, qb] = [quantity(), quantity()];
      await addItem(replica, id, a, qa, `POST /carts/${id}/items on cart-2`);
      await addItem(replica, id, b, qb, `POST /carts/${id}/items on cart-2`);
      await faults.restart('cart-2');
      await eventually(
        async () => {
          const res = await replica.get('/health', { timeoutMs: 3_000 });
          expect(res.status, 'GET /health on cart-2 after its restart').toBe(200);
        },
        { within: 25_000, interval: 300 },
      );
      expect(
        await readCart(replica, id, `GET /carts/${id} on cart-2`),
        `cart ${id} on cart-2 after cart-2 restarted`,
      ).toEqual({ [a]: qa, [b]: qb });
    },
  },

  'survives-replica-loss': {
    title:
      'losing a replica in the middle of the traffic: at least 99% of requests succeed and the cart stays intact',
    points: 2,
    timeoutMs: 45_000,
    async run(ctx) {
      const { http, expect, faults, successRate, note } = ctx;
      await replicasUp(ctx);
      const id = newCartId();
      // Adds whose answer came back, and every add sent (one may be cut off by the kill).
      const confirmed = new Map<string, number>();
      const sent = new Map<string, number>();
      const add = async (client: HttpClient, what: string) => {
        const [sku, qty] = [newSku(), quantity()];
        sent.set(sku, qty);
        await addItem(client, id, sku, qty, what);
        confirmed.set(sku, qty);
      };
      /** A read must hold every add confirmed before it started, and nothing that was never sent. */
      const verify = (items: Items, before: Map<string, number>, where: string) => {
        for (const [sku, qty] of before) {
          if (items[sku] !== qty) {
            throw new CheckFailure(
              `cart ${id} read on ${where}: ${sku} is ${items[sku] ?? 'missing'}, expected ${qty} (got ${show(items)})`,
            );
          }
        }
        for (const [sku, qty] of Object.entries(items)) {
          if (sent.get(sku) !== qty) {
            throw new CheckFailure(`cart ${id} read on ${where}: ${sku} = ${qty} was never added`);
          }
        }
      };
      // The cart, built with one item added on each replica.
      for (const replica of REPLICAS) {
        await add(http(replica, PORT), `POST /carts/${id}/items on ${replica}`);
      }

      const balancer = http('balancer', PORT);
      const requests = 200;
      const killAt = 50;
      const failures: string[] = [];
      const seen = new Set<string>();
      note(
        `${requests} requests through the balancer, 4 at a time, 3 reads to 1 add; cart-2 is killed as request ${killAt + 1} starts`,
      );
      const rate = await successRate(
        async (i) => {
          if (i === killAt) {
            await faults.kill('cart-2');
          }
          try {
            if (i % 4 === 3) {
              await add(balancer, `POST /carts/${id}/items through the balancer`);
            } else {
              const before = new Map(confirmed);
              const res = await balancer.get(`/carts/${id}`);
              const items = itemsOf(res, `GET /carts/${id} through the balancer`);
              const replica = replicaOf(res);
              verify(items, before, `${replica} (through the balancer)`);
              seen.add(replica);
            }
          } catch (error) {
            if (failures.length < 3) failures.push((error as Error).message);
            throw error;
          }
        },
        { requests, concurrency: 4 },
      );
      note(
        `${Math.round(rate * 1000) / 10}% of ${requests} requests succeeded; reads served by ${[...seen].sort().join(', ')}`,
      );
      expect(
        rate,
        `share of ${requests} requests (3 reads to 1 add) that succeeded while cart-2 was killed${
          failures.length ? `; first failures: ${failures.join(' | ')}` : ''
        }`,
      ).toBeGreaterThanOrEqual(0.99);
      // Afterwards, on the survivors and through the balancer: every confirmed add is there.
      for (const [name, client] of [
        ['cart', http('cart', PORT)],
        ['cart-3', http('cart-3', PORT)],
        ['the balancer', balancer],
      ] as const) {
        const before = new Map(confirmed);
        verify(await readCart(client, id, `GET /carts/${id} on ${name}`), before, name);
      }
    },
  },
});
