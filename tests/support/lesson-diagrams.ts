/**
 * The course's diagrams and the lessons that show them. `describes` are facts the
 * text alternative must state in words (a screen-reader user hears it instead of
 * seeing the picture); `labels` are words drawn in the picture as real text.
 */
export const LESSON_DIAGRAMS = [
  {
    lesson: 'design-patterns/circuit-breaker',
    title: 'Circuit breaker states',
    describes: [
      'from Closed to Open',
      'failures reach the threshold',
      'from Open to Half-open',
      'open interval',
      'If the trial call succeeds, the breaker moves back to Closed',
      'If the trial call fails, the breaker goes back to Open',
    ],
    labels: ['Closed', 'Open', 'Half-open', 'trial call'],
  },
  {
    lesson: 'design-patterns/saga',
    title: 'An orchestrated order saga and its compensations',
    describes: [
      'orchestrator',
      'reserve stock',
      'charge the payment',
      'confirm the order',
      'card is declined',
      'reverse order',
      'releases the stock',
      'rejects the order',
      'order is cancelled',
    ],
    labels: ['2. Reserve stock', '3. Charge payment', 'Release stock', 'Reject order', 'ABORTED'],
  },
  {
    lesson: 'design-patterns/api-gateway',
    title: 'API gateway topology',
    describes: [
      'web app',
      'mobile app',
      'one API gateway',
      'routing',
      'authentication',
      'rate limiting',
      'request id',
      'users service',
      'orders service',
      'backend for frontend',
    ],
    labels: ['API gateway', 'Mobile BFF', 'users', 'orders', 'payments'],
  },
  {
    lesson: 'containers/docker-swarm',
    title: 'A Swarm rolling update with rollback',
    describes: [
      'parallelism 1',
      'delay 10s',
      'start-first',
      'stop-first',
      'monitor',
      'failure_action rollback',
      'all three tasks run 1.4.2 again',
    ],
    labels: ['update_config:', '1.4.2', '1.4.3'],
  },
  {
    lesson: 'observability/centralized-logging-elk',
    title: 'The metrics and logs pipelines',
    describes: [
      'GET /metrics',
      'Prometheus scrapes',
      'Grafana',
      'Alertmanager',
      'JSON object per line to stdout',
      'Filebeat',
      'Logstash',
      'Elasticsearch',
      'Kibana',
      'correlation id',
    ],
    labels: ['Prometheus', 'Grafana', 'Alertmanager', 'Filebeat', 'Logstash', 'Kibana'],
  },
] as const;
