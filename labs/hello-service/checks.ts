import { randomBytes } from 'node:crypto';
import { defineChecks } from '../../grader/sdk';

export default defineChecks({
  'service-answers': {
    title: 'hello answers GET / with its greeting',
    points: 1,
    async run({ http, expect }) {
      const res = await http('hello', 8000).get('/');
      expect(res.status, 'GET / status').toBe(200);
      expect(res.json, 'GET / body').toEqual({ message: 'hello' });
    },
  },
  'unknown-path-404': {
    title: 'hello answers 404 for a path it does not serve',
    points: 1,
    hint: 'Serve only the routes you define: a catch-all that answers 200 to everything hides mistakes from callers.',
    async run({ http, expect }) {
      // A fresh path every attempt: a service that answers everything the same way cannot pass.
      const path = `/${randomBytes(6).toString('hex')}`;
      const res = await http('hello', 8000).get(path);
      expect(res.status, `GET ${path} status`).toBe(404);
    },
  },
  'health-route': {
    title: 'hello answers GET /health with 200 and {"status": "ok"}',
    points: 2,
    hint: 'Add a route with @app.get("/health") that returns {"status": "ok"}; the service reloads when you save.',
    async run({ http, expect }) {
      const res = await http('hello', 8000).get('/health');
      expect(res.status, 'GET /health status').toBe(200);
      expect(res.json, 'GET /health body').toEqual({ status: 'ok' });
    },
  },
});
