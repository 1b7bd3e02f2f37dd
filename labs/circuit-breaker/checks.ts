import { randomInt } from 'node:crypto';
import { CheckFailure, defineChecks, type CheckContext, type HttpResponse } from '../../grader/sdk';

// The orders service reads these from its environment (lab.yaml): keep them in step.
/** BREAKER_FAILURE_THRESHOLD */
const THRESHOLD = 3;
/** BREAKER_RESET_TIMEOUT_S, in ms */
const OPEN_MS = 1_000;
/** INVENTORY_TIMEOUT_S, in ms */
const CALL_TIMEOUT_MS = 500;

/** Latency put on the link: far beyond orders' call timeout, so every call through it times out. */
const LINK_LATENCY_MS = 2_000;
/**
 * What "fail fast" means: the 95th percentile of answers while open, over what
 * GET /breaker takes at the same moments (a busy machine slows every answer),
 * and never near the call timeout.
 */
const FAST_MS = 50;
const FAST_CEILING_MS = CALL_TIMEOUT_MS * 0.8;
/** Orders answered while open, to measure that percentile. */
const FAST_CALLS = 20;
/** How long a probe waits for orders: far beyond its timeout, so a hang shows as a slow answer. */
const ORDER_PROBE_MS = 4_000;
/** The longest one failing order may take, when orders times out as configured (and a wide margin). */
const FAILED_ORDER_MS = CALL_TIMEOUT_MS + 1_500;

const STATES = ['closed', 'open', 'half_open'];
/** Checks that start from a closed breaker may first wait for inventory to come back. */
const PRELUDE_CHECK_MS = 60_000;

/** A sku inventory sells (three capitals, a dash, four digits), fresh every attempt. */
function randomSku(): string {
  const letter = () => String.fromCharCode(65 + randomInt(26));
  return `${letter()}${letter()}${letter()}-${String(randomInt(10_000)).padStart(4, '0')}`;
}

/** A sku inventory does not know: it answers 404. */
const unknownSku = (): string => `retired-${randomInt(1_000_000)}`;

const orders = (ctx: CheckContext) => ctx.http('orders', 8000);

function placeOrder(ctx: CheckContext, sku = randomSku(), quantity = 1): Promise<HttpResponse> {
  return orders(ctx).post('/orders', { sku, quantity }, { timeoutMs: ORDER_PROBE_MS });
}

/** The state GET /breaker reports, which must be one of the three. */
async function breakerState(ctx: CheckContext): Promise<string> {
  const res = await orders(ctx).get('/breaker', { timeoutMs: 2_000 });
  ctx.expect(res.status, 'GET /breaker status').toBe(200);
  const state = (res.json as { state?: unknown } | undefined)?.state;
  ctx
    .expect(
      STATES.includes(state as string),
      `GET /breaker "state" is one of ${STATES.join(', ')} (got ${JSON.stringify(state)})`,
    )
    .toBe(true);
  return state as string;
}

async function expectState(ctx: CheckContext, wanted: string, when: string): Promise<void> {
  ctx.expect(await breakerState(ctx), `GET /breaker state ${when}`).toBe(wanted);
}

/** Inventory answers normally again: the learner may have left it slow or failing from the terminal. */
async function inventoryNormal(ctx: CheckContext): Promise<void> {
  await ctx.eventually(
    async () => {
      const res = await ctx.http('inventory', 8000).post('/admin/mode/ok', undefined, {
        timeoutMs: 2_000,
      });
      ctx.expect(res.status, 'inventory POST /admin/mode/ok status').toBe(200);
    },
    // A stopped inventory that was just started again may take a while on a busy machine.
    { within: 20_000 },
  );
}

/** Link connections so far: each is one call from orders to inventory. */
async function linkConnections(ctx: CheckContext): Promise<number> {
  const res = await ctx.http('inventory-link', 9000).get('/', { timeoutMs: 2_000 });
  return (res.json as { connections: number }).connections;
}

/**
 * Places an order expecting `status`. On a very busy machine a healthy call can
 * miss orders' short timeout now and then: a 503 is tried once more.
 */
async function orderExpecting(
  ctx: CheckContext,
  status: number,
  label: string,
  sku = randomSku(),
  quantity = 1,
): Promise<HttpResponse> {
  let res = await placeOrder(ctx, sku, quantity);
  if (res.status === 503 && status !== 503) {
    ctx.note(`${label}: 503, trying once more`);
    res = await placeOrder(ctx, sku, quantity);
  }
  ctx.expect(res.status, `${label}: status`).toBe(status);
  return res;
}

/** An order for a random sku and quantity succeeds, priced from inventory's own answer. */
async function expectGoodOrder(ctx: CheckContext, when: string): Promise<void> {
  const sku = randomSku();
  const stock = await ctx.http('inventory', 8000).get(`/stock/${sku}`, { timeoutMs: 2_000 });
  const { available, unit_price_cents: price } = stock.json as {
    available: number;
    unit_price_cents: number;
  };
  const quantity = randomInt(1, Math.min(available, 5) + 1);
  const res = await orderExpecting(ctx, 201, `POST /orders ${when}`, sku, quantity);
  const body = res.json as Record<string, unknown> | undefined;
  ctx.expect(body?.sku, `POST /orders ${when}: "sku"`).toBe(sku);
  ctx
    .expect(
      body?.unit_price_cents,
      `POST /orders ${when}: "unit_price_cents" (inventory says ${price})`,
    )
    .toBe(price);
  ctx
    .expect(body?.total_cents, `POST /orders ${when}: "total_cents" for ${quantity}`)
    .toBe(price * quantity);
}

/**
 * Every check that breaks something starts from a healthy inventory and a
 * closed breaker. A breaker left open by the previous check closes by itself
 * after its interval and one good trial; one that does not cannot be tested
 * any further, and the check says so at once.
 */
async function startHealthyAndClosed(ctx: CheckContext): Promise<void> {
  await inventoryNormal(ctx);
  await breakerState(ctx); // no GET /breaker at all: nothing to wait for
  try {
    await ctx.eventually(
      async () => {
        const res = await placeOrder(ctx);
        ctx.expect(res.status, 'POST /orders with inventory healthy: status').toBe(201);
        await expectState(ctx, 'closed', 'after a good order');
      },
      { within: OPEN_MS + 2_000, interval: 200 },
    );
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    throw new CheckFailure(
      `Before this check, the breaker must be closed with inventory healthy, but it did not close again ` +
        `within ${(OPEN_MS + 2_000) / 1000} s (its open interval is ${OPEN_MS / 1000} s, then one good trial should close it; see step 4): ${error.message}`,
    );
  }
}

/** Orders whose calls fail (inventory stopped or slowed down) until GET /breaker says open. */
async function driveOpen(ctx: CheckContext): Promise<void> {
  let sent = 0;
  await ctx.eventually(
    async () => {
      sent++;
      await placeOrder(ctx);
      await expectState(ctx, 'open', `after ${sent} failed order(s)`);
    },
    { within: (THRESHOLD + 2) * FAILED_ORDER_MS, interval: 0 },
  );
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export default defineChecks({
  'orders-use-inventory': {
    title: 'orders takes an order, priced from what inventory reports',
    points: 1,
    async run(ctx) {
      await inventoryNormal(ctx);
      // A breaker left open from your experiments closes once inventory is healthy.
      await ctx.eventually(() => expectGoodOrder(ctx, 'for a random sku'), {
        within: OPEN_MS + 2_500,
        interval: 200,
      });
    },
  },

  'breaker-closed-while-healthy': {
    title: 'GET /breaker says "closed", and stays so over many good orders',
    points: 2,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      for (let i = 1; i <= 2 * THRESHOLD + 1; i++) {
        await expectGoodOrder(ctx, `number ${i} with inventory healthy`);
      }
      await expectState(ctx, 'closed', `after ${2 * THRESHOLD + 1} good orders`);
    },
  },

  'unknown-sku-is-not-a-failure': {
    title: 'orders for unknown skus answer 404 and do not trip the breaker',
    points: 1,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      for (let i = 1; i <= THRESHOLD + 1; i++) {
        const sku = unknownSku();
        await orderExpecting(ctx, 404, `POST /orders for unknown sku ${sku}`, sku);
      }
      await expectState(ctx, 'closed', `after ${THRESHOLD + 1} orders for unknown skus`);
      await expectGoodOrder(ctx, 'after the unknown skus');
    },
  },

  'opens-after-threshold': {
    title: `with inventory stopped, the breaker opens after exactly ${THRESHOLD} failed orders`,
    points: 3,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      await ctx.faults.stop('inventory');
      for (let i = 1; i <= THRESHOLD; i++) {
        const res = await placeOrder(ctx);
        ctx.expect(res.status, `POST /orders number ${i} with inventory stopped: status`).toBe(503);
        ctx
          .expect(res.latencyMs, `POST /orders number ${i} with inventory stopped: ms to answer`)
          .toBeLessThan(FAILED_ORDER_MS);
        await expectState(ctx, i < THRESHOLD ? 'closed' : 'open', `after ${i} failed order(s)`);
      }
    },
  },

  'timeouts-open-breaker': {
    title: `calls slower than orders' timeout count as failures and open the breaker`,
    points: 2,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      await ctx.faults.latency('inventory-link', LINK_LATENCY_MS);
      for (let i = 1; i <= THRESHOLD; i++) {
        const res = await placeOrder(ctx);
        ctx
          .expect(res.status, `POST /orders number ${i} with a ${LINK_LATENCY_MS} ms link: status`)
          .toBe(503);
        ctx
          .expect(
            res.latencyMs,
            `POST /orders number ${i} with a ${LINK_LATENCY_MS} ms link: ms to answer`,
          )
          .toBeLessThan(FAILED_ORDER_MS);
      }
      await expectState(ctx, 'open', `after ${THRESHOLD} timed-out orders`);
    },
  },

  'fails-fast-while-open': {
    title: `while open, orders answers 503 at once (p95 under ${FAST_MS} ms) without calling inventory`,
    points: 3,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      await ctx.faults.stop('inventory');
      await driveOpen(ctx);
      const before = await linkConnections(ctx);
      const answers: HttpResponse[] = [];
      const baseline: number[] = [];
      for (let i = 1; i <= FAST_CALLS; i++) {
        answers.push(await placeOrder(ctx));
        // What any answer of orders takes right now: the machine may be busy.
        if (i % 2 === 0) baseline.push((await orders(ctx).get('/breaker')).latencyMs);
        // Two answers past the highest limit already put the 95th percentile past it.
        if (answers.filter((a) => a.latencyMs >= FAST_CEILING_MS).length >= 2) break;
      }
      const calls = (await linkConnections(ctx)) - before;
      const p95 = percentile(
        answers.map((a) => a.latencyMs),
        95,
      );
      const busy = baseline.length ? percentile(baseline, 95) : 0;
      const limit = Math.min(FAST_CEILING_MS, FAST_MS + busy);
      ctx
        .expect(
          p95,
          `95th percentile of ${answers.length} answers while open, in ms (GET /breaker took ${busy} ms meanwhile, so the limit is ${limit} ms)`,
        )
        .toBeLessThan(limit);
      // One trial is allowed, should the open interval run out meanwhile on a busy machine.
      ctx
        .expect(calls, `calls to inventory during ${answers.length} orders while open`)
        .toBeLessThan(2);
      answers.forEach((res, i) => {
        ctx.expect(res.status, `POST /orders number ${i + 1} while open: status`).toBe(503);
        ctx
          .expect(
            (res.json as { breaker?: unknown } | undefined)?.breaker,
            `POST /orders number ${i + 1} while open: "breaker" in the body`,
          )
          .toBe('open');
      });
    },
  },

  'half-open-after-interval': {
    title:
      'the breaker stays open for its interval, then says "half_open"; a failed trial opens it again',
    points: 2,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      await ctx.faults.latency('inventory-link', LINK_LATENCY_MS);
      await driveOpen(ctx);
      const openedAt = performance.now();
      await ctx.consistently(() => expectState(ctx, 'open', 'during the open interval'), {
        for: OPEN_MS / 2,
        interval: 100,
      });
      await ctx.eventually(
        () => expectState(ctx, 'half_open', 'once the open interval has passed'),
        {
          within: OPEN_MS + 2_000,
          interval: 100,
        },
      );
      ctx.note(
        `half_open ${Math.round(performance.now() - openedAt)} ms after the breaker was seen open`,
      );
      const trial = await placeOrder(ctx);
      ctx.expect(trial.status, 'the trial order, with the link still slow: status').toBe(503);
      await expectState(ctx, 'open', 'after the trial failed');
    },
  },

  'closes-after-recovery': {
    title:
      'closed → open → half_open → closed: inventory stops, comes back, and one good trial closes the breaker',
    points: 3,
    timeoutMs: PRELUDE_CHECK_MS,
    async run(ctx) {
      await startHealthyAndClosed(ctx);
      let stopped = false;
      let started = false;
      await ctx.sequence([
        {
          name: 'closed while inventory is healthy',
          within: 1_000,
          check: () => expectState(ctx, 'closed', 'with inventory healthy'),
        },
        {
          name: 'open once inventory is stopped and orders fail',
          within: (THRESHOLD + 2) * FAILED_ORDER_MS,
          check: async () => {
            if (!stopped) {
              await ctx.faults.stop('inventory');
              stopped = true;
            }
            await placeOrder(ctx);
            await expectState(ctx, 'open', 'after failed orders');
          },
        },
        {
          name: 'half_open once the open interval has passed',
          within: OPEN_MS + 2_000,
          check: () => expectState(ctx, 'half_open', 'after the open interval'),
        },
        {
          name: 'closed after inventory is back and one trial order succeeds',
          within: 15_000,
          check: async () => {
            if (!started) {
              await ctx.faults.start('inventory');
              started = true;
            }
            await inventoryNormal(ctx);
            await expectGoodOrder(ctx, 'with inventory back');
            await expectState(ctx, 'closed', 'after a good trial order');
          },
        },
      ]);
    },
  },
});
