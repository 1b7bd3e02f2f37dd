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
