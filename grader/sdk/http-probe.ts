import http from 'node:http';
import { ProbeFailure } from './check-failure';
import type { Evidence } from './types';

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  /** Serialised as JSON, with a JSON content type. */
  json?: unknown;
  /** Milliseconds before the probe gives up; the learner sees a timeout. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  latencyMs: number;
}

export interface HttpClient {
  request(method: string, path: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  get(path: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  post(path: string, json?: unknown, options?: HttpRequestOptions): Promise<HttpResponse>;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** Bodies past this are cut: a check never needs more, and a result stays small. */
const BODY_CAP_BYTES = 256 * 1024;

const SYMPTOMS: Record<string, ProbeFailure['symptom']> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
};

/** HTTP probes against one service port, each recorded as evidence. */
export function createHttpClient(
  service: string,
  port: number,
  resolveHost: () => Promise<string>,
  evidence: Evidence[],
  /** Told of every 5xx answer, so a failed check can look for a traceback in the service's log. */
  onServerError: (service: string, status: number) => void = () => undefined,
): HttpClient {
  const request = async (
    method: string,
    path: string,
    options: HttpRequestOptions = {},
  ): Promise<HttpResponse> => {
    const host = await resolveHost();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const line = `${method} http://${service}:${port}${path}`;
    const started = performance.now();
    try {
      const response = await send(
        { host, port, method, path, headers, agent: false },
        body,
        timeoutMs,
      );
      const latencyMs = Math.round(performance.now() - started);
      evidence.push({ kind: 'http', summary: `${line} → ${response.status} in ${latencyMs} ms` });
      if (response.status >= 500) onServerError(service, response.status);
      return { ...response, latencyMs };
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const symptom = code === 'ETIMEDOUT' ? 'timeout' : (SYMPTOMS[code] ?? 'other');
      const what =
        symptom === 'timeout'
          ? `no answer within ${timeoutMs} ms`
          : `${code || (error as Error).message}`;
      evidence.push({ kind: 'http', summary: `${line} → ${what} after ${latencyMs} ms` });
      throw new ProbeFailure(`${line} failed: ${what}`, symptom, service, port);
    }
  };
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, json, options) => request('POST', path, { ...options, json }),
  };
}

function send(
  options: http.RequestOptions,
  body: string | undefined,
  timeoutMs: number,
): Promise<Omit<HttpResponse, 'latencyMs'>> {
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_CAP_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8').slice(0, BODY_CAP_BYTES);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
