import { randomBytes, randomInt } from 'node:crypto';
import {
  CheckFailure,
  ProbeFailure,
  defineChecks,
  type CheckContext,
  type HttpResponse,
} from '../../grader/sdk';

/** payments declines charges above this many cents (CARD_LIMIT_CENTS in lab.yaml). */
const LIMIT_CENTS = 50_000;
/** How long POST /orders may take while payments is down (step 5 says 8 s). */
const DOWN_ANSWER_MS = 8_000;
/** Room for a slow machine: a saga that works ends long before these. */
const PLACE_TIMEOUT_MS = 10_000;
const SETTLE_MS = 3_000;

interface Order {
  sku: string;
  qty: number;
  amount_cents: number;
}

interface Reservation {
  id: string;
  order_id: string;
  qty: number;
  status: string;
}

interface Stock {
  available: number;
  reserved: number;
  committed: number;
  reservations: Reservation[];
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A sku of its own for one check, with a random number of items on the shelf. */
async function newShelf({ http, expect }: CheckContext): Promise<{ sku: string; start: number }> {
  const sku = `sku-${hex(4)}`;
  const start = randomInt(20, 100);
  const res = await http('inventory', 8000).request('PUT', `/stock/${sku}`, {
    json: { available: start },
  });
  expect(res.status, `PUT /stock/${sku} on inventory`).toBe(200);
  return { sku, start };
}

/** An order payments accepts: random quantity and an amount under the card limit. */
function acceptedOrder(sku: string): Order {
  return { sku, qty: randomInt(1, 6), amount_cents: randomInt(100, LIMIT_CENTS + 1) };
}

async function stockOf({ http, expect }: CheckContext, sku: string): Promise<Stock> {
  const res = await http('inventory', 8000).get(`/stock/${sku}`);
  expect(res.status, `GET /stock/${sku} on inventory`).toBe(200);
  return res.json as Stock;
}

/** The counts a check compares, without the reservation list. */
async function countsOf(ctx: CheckContext, sku: string) {
  const { available, reserved, committed } = await stockOf(ctx, sku);
  return { available, reserved, committed };
}

async function placeOrder(
  { http }: CheckContext,
  order: Order,
  options: { key?: string; timeoutMs?: number } = {},
): Promise<{ id: string; res: HttpResponse }> {
  const res = await http('orders', 8000).post('/orders', order, {
    headers: options.key === undefined ? {} : { 'Idempotency-Key': options.key },
    timeoutMs: options.timeoutMs ?? PLACE_TIMEOUT_MS,
  });
  if (res.status >= 500)
    throw new CheckFailure(
      `POST /orders answered ${res.status}: the saga stopped half-way (an exception?) instead of confirming or compensating the order`,
    );
  if (res.status < 200 || res.status >= 300)
    throw new CheckFailure(
      `POST /orders answered ${res.status}; expected 201 (or 200) with the order: ${res.text.slice(0, 200)}`,
    );
  const id = (res.json as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string')
    throw new CheckFailure(
      `POST /orders answered without the order's "id": ${res.text.slice(0, 200)}`,
    );
  return { id, res };
}

async function statusOf({ http, expect }: CheckContext, id: string): Promise<unknown> {
  const res = await http('orders', 8000).get(`/orders/${encodeURIComponent(id)}`);
  expect(res.status, `GET /orders/${id} status`).toBe(200);
  return (res.json as { status?: unknown } | undefined)?.status;
}

async function expectStatus(ctx: CheckContext, id: string, wanted: string): Promise<void> {
  await ctx.eventually(
    async () => ctx.expect(await statusOf(ctx, id), `status of order ${id}`).toBe(wanted),
    { within: SETTLE_MS },
  );
}

async function chargedAmounts({ http, expect }: CheckContext, id: string): Promise<number[]> {
  const res = await http('payments', 8000).get(`/charges?order_id=${encodeURIComponent(id)}`);
  expect(res.status, `GET /charges?order_id=${id} on payments`).toBe(200);
  return (res.json as Array<{ status: string; amount_cents: number }>)
    .filter((c) => c.status === 'charged')
    .map((c) => c.amount_cents);
}

/** payments is started again after a check that stopped it: wait until it answers. */
async function paymentsUp({ http, eventually }: CheckContext): Promise<void> {
  await eventually(
    async () => {
      const res = await http('payments', 8000).get('/health', { timeoutMs: 2_000 });
      if (res.status !== 200) throw new CheckFailure(`payments /health answered ${res.status}`);
    },
    { within: 20_000, interval: 200 },
  );
}

async function setPaymentsDelay({ http, expect }: CheckContext, ms: number): Promise<void> {
  const res = await http('payments', 8000).request('PUT', '/admin/delay', { json: { ms } });
  expect(res.status, 'PUT /admin/delay on payments').toBe(200);
}

export default defineChecks({
  'happy-path': {
    title:
      'an order payments accepts ends CONFIRMED, with its stock sold and its card charged once',
    points: 2,
    async run(ctx) {
      const { expect } = ctx;
      await paymentsUp(ctx);
      const { sku, start } = await newShelf(ctx);
      const order = acceptedOrder(sku);
      const { id } = await placeOrder(ctx, order);
      await expectStatus(ctx, id, 'CONFIRMED');
      expect(
        await countsOf(ctx, sku),
        `stock of ${sku} (${start} at first, ${order.qty} ordered)`,
      ).toEqual({
        available: start - order.qty,
        reserved: 0,
        committed: order.qty,
      });
      expect(await chargedAmounts(ctx, id), `charges for order ${id}`).toEqual([
        order.amount_cents,
      ]);
    },
  },

  'pending-until-paid': {
    title: 'while the card is being charged the order is PENDING, and CONFIRMED once it is paid',
    points: 1,
    async run(ctx) {
      const { expect, eventually } = ctx;
      await paymentsUp(ctx);
      const { sku } = await newShelf(ctx);
      // payments answers 1.5 s late, so the saga is caught between reserve and charge.
      await setPaymentsDelay(ctx, 1_500);
      try {
        const placing = placeOrder(ctx, acceptedOrder(sku));
        placing.catch(() => undefined); // awaited below; never an unhandled rejection
        const orderId = await eventually(
          async () => {
            const held = (await stockOf(ctx, sku)).reservations[0];
            if (!held) throw new CheckFailure(`orders has not reserved any ${sku} yet`);
            return held.order_id;
          },
          { within: 3_000, interval: 50 },
        );
        expect(
          await statusOf(ctx, orderId),
          `status of order ${orderId} while payments had not answered yet`,
        ).toBe('PENDING');
        const { id } = await placing;
        expect(id, 'id answered by POST /orders').toBe(orderId);
        await expectStatus(ctx, id, 'CONFIRMED');
      } finally {
        await setPaymentsDelay(ctx, 0);
      }
    },
  },

  'decline-compensates': {
    title: 'a declined card cancels the order and releases its stock',
    points: 3,
    async run(ctx) {
      const { expect, eventually } = ctx;
      await paymentsUp(ctx);
      const { sku, start } = await newShelf(ctx);
      const order = {
        sku,
        qty: randomInt(1, 6),
        amount_cents: randomInt(LIMIT_CENTS + 1, 10 * LIMIT_CENTS),
      };
      const { id } = await placeOrder(ctx, order);
      await expectStatus(ctx, id, 'CANCELLED');
      await eventually(
        async () =>
          expect(
            await countsOf(ctx, sku),
            `stock of ${sku} after the cancelled order (${start} at first)`,
          ).toEqual({ available: start, reserved: 0, committed: 0 }),
        { within: SETTLE_MS },
      );
      expect(await chargedAmounts(ctx, id), `charges for order ${id}`).toEqual([]);
    },
  },

  'payments-down-compensates': {
    title:
      'with payments down, POST /orders answers within 8 s, cancels the order and releases its stock',
    points: 3,
    async run(ctx) {
      const { expect, eventually, faults, note } = ctx;
      const { sku, start } = await newShelf(ctx);
      // Stopped before the order is placed: the saga reserves, then cannot reach payments.
      await faults.stop('payments');
      let id: string;
      try {
        ({ id } = await placeOrder(ctx, acceptedOrder(sku), { timeoutMs: DOWN_ANSWER_MS }));
      } catch (error) {
        if (error instanceof ProbeFailure && error.symptom === 'timeout')
          throw new CheckFailure(
            `POST /orders did not answer within ${DOWN_ANSWER_MS} ms while payments was down: give the calls to payments short timeouts`,
          );
        throw error;
      }
      note(`order ${id} placed while payments was stopped`);
      await expectStatus(ctx, id, 'CANCELLED');
      await eventually(
        async () =>
          expect(
            await countsOf(ctx, sku),
            `stock of ${sku} after the cancelled order (${start} at first)`,
          ).toEqual({ available: start, reserved: 0, committed: 0 }),
        { within: SETTLE_MS },
      );
    },
  },

  'idempotency-key': {
    title:
      'POST /orders repeated with the same Idempotency-Key places one order, a new key another',
    points: 2,
    async run(ctx) {
      const { expect, eventually } = ctx;
      await paymentsUp(ctx);
      const { sku, start } = await newShelf(ctx);
      const order = acceptedOrder(sku);
      const key = `key-${hex(8)}`;
      const first = await placeOrder(ctx, order, { key });
      const again = await placeOrder(ctx, order, { key });
      expect(again.id, `order id answered to a repeated POST with Idempotency-Key ${key}`).toBe(
        first.id,
      );
      await expectStatus(ctx, first.id, 'CONFIRMED');
      expect(
        await countsOf(ctx, sku),
        `stock of ${sku} (${start} at first, ${order.qty} ordered once)`,
      ).toEqual({
        available: start - order.qty,
        reserved: 0,
        committed: order.qty,
      });
      expect(await chargedAmounts(ctx, first.id), `charges for order ${first.id}`).toEqual([
        order.amount_cents,
      ]);

      const other = await placeOrder(ctx, order, { key: `key-${hex(8)}` });
      if (other.id === first.id)
        throw new CheckFailure(`a different Idempotency-Key got the same order ${first.id} back`);
      await eventually(
        async () =>
          expect(
            (await countsOf(ctx, sku)).committed,
            `items of ${sku} sold after a second key placed a second order`,
          ).toBe(2 * order.qty),
        { within: SETTLE_MS },
      );
    },
  },

  'refund-event-once': {
    title:
      'a PaymentRefunded event cancels the order and restocks it once, even when delivered twice',
    points: 2,
    async run(ctx) {
      const { http, expect, eventually, consistently } = ctx;
      await paymentsUp(ctx);
      const { sku, start } = await newShelf(ctx);
      const order = acceptedOrder(sku);
      const { id } = await placeOrder(ctx, order);
      await expectStatus(ctx, id, 'CONFIRMED');
      expect(
        (await countsOf(ctx, sku)).available,
        `available ${sku} after the order (${start} at first, ${order.qty} sold)`,
      ).toBe(start - order.qty);

      const event = { event_id: `evt_${hex(8)}`, type: 'PaymentRefunded', order_id: id };
      const deliver = async (which: string) => {
        const res = await http('orders', 8000).post('/events', event);
        if (res.status < 200 || res.status >= 300)
          throw new CheckFailure(
            `${which} of event ${event.event_id}: POST /events answered ${res.status}; expected 200 (a duplicate is handled too)`,
          );
      };
      const settled = async () => {
        expect(await statusOf(ctx, id), `status of order ${id}`).toBe('CANCELLED');
        expect(
          (await countsOf(ctx, sku)).available,
          `available ${sku} (${start} before the order, ${order.qty} refunded)`,
        ).toBe(start);
      };

      await deliver('first delivery');
      await eventually(settled, { within: SETTLE_MS });
      await deliver('redelivery');
      await consistently(settled, { for: 1_000, interval: 200 });
    },
  },
});
