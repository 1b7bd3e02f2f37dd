/**
 * The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that
 * docs/openapi.yaml is written in, and the look-ups a test needs to find the
 * schema of one response. A keyword this validator does not know is an error,
 * never silently ignored: a document that grows past the subset must grow
 * the validator too, or its tests would pass without checking anything.
 */

export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Keywords that say what a value must be: each is checked below. */
const ASSERTIONS = new Set([
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  'pattern',
  'minimum',
]);

/** Keywords that only describe: they never make a value valid or invalid here. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'format',
  'examples',
  'default',
  'contentMediaType',
  'deprecated',
]);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Follows a local JSON pointer (`#/components/schemas/Error`); throws when nothing is there. */
export function resolveRef(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      throw new Error(`${ref} does not resolve: no "${key}"`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every `$ref` string anywhere in the document, with where it stands. */
export function allRefs(node: unknown, at = '#'): Array<{ at: string; ref: string }> {
  if (node === null || typeof node !== 'object') return [];
  const found: Array<{ at: string; ref: string }> = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') found.push({ at, ref: value });
    else found.push(...allRefs(value, `${at}/${key}`));
  }
  return found;
}

/** The documented `METHOD path` pairs, e.g. `GET /api/health`. */
export function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

/**
 * The documented path template a concrete path is served under. A template
 * parameter stands for one segment; failing that (a rest parameter such as a
 * lesson id `module/slug`), for several.
 */
export function matchPath(document: OpenApiDocument, concretePath: string): string | undefined {
  const templates = Object.keys(document.paths);
  const pattern = (template: string, segment: string) =>
    new RegExp(
      `^${template
        .split(/(\{[^}]+\})/)
        .map((part) =>
          part.startsWith('{') ? segment : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('')}$`,
    );
  const literal = templates.find((t) => t === concretePath);
  return (
    literal ??
    templates.find((t) => pattern(t, '[^/]+').test(concretePath)) ??
    templates.find((t) => pattern(t, '.+').test(concretePath))
  );
}

export interface DocumentedResponse {
  description: string;
  /** Media type → schema; empty when the response has no body. */
  content: Record<string, JsonSchema>;
}

/**
 * The response a path template, method and status are documented with
 * (following `$ref`s to components); throws when the status is not documented.
 */
export function documentedResponse(
  document: OpenApiDocument,
  template: string,
  method: string,
  status: number,
): DocumentedResponse {
  const operation = document.paths[template]?.[method.toLowerCase()] as
    { responses?: Record<string, unknown> } | undefined;
  if (!operation) throw new Error(`${method.toUpperCase()} ${template} is not documented`);
  let response = operation.responses?.[String(status)] as Record<string, unknown> | undefined;
  if (!response) {
    throw new Error(
      `${method.toUpperCase()} ${template} answered ${status}, which is not documented`,
    );
  }
  while (typeof response['$ref'] === 'string') {
    response = resolveRef(document, response['$ref']) as Record<string, unknown>;
  }
  const content = (response['content'] ?? {}) as Record<string, { schema?: JsonSchema }>;
  return {
    description: String(response['description'] ?? ''),
    content: Object.fromEntries(
      Object.entries(content).map(([type, media]) => [type, media.schema ?? true]),
    ),
  };
}

/**
 * Checks a value against a schema of the document; returns what is wrong,
 * one line per problem with its JSON path (`$.session.state`), empty when valid.
 */
export function validate(document: unknown, schema: JsonSchema, value: unknown): string[] {
  const problems: string[] = [];
  check(document, schema, value, '$', problems);
  return problems;
}

function check(
  document: unknown,
  schema: JsonSchema,
  value: unknown,
  at: string,
  problems: string[],
): void {
  if (schema === true) return;
  if (schema === false) {
    problems.push(`${at}: no value is allowed here`);
    return;
  }
  for (const keyword of Object.keys(schema)) {
    if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword)) {
      throw new Error(`the validator does not support the keyword "${keyword}" (at ${at})`);
    }
  }
  if (typeof schema['$ref'] === 'string') {
    check(document, resolveRef(document, schema['$ref']) as JsonSchema, value, at, problems);
  }

  const type = schema['type'] as string | string[] | undefined;
  if (type !== undefined) {
    const allowed = Array.isArray(type) ? type : [type];
    if (!allowed.some((t) => hasType(value, t))) {
      problems.push(`${at}: expected ${allowed.join(' or ')}, got ${describe(value)}`);
      return;
    }
  }
  if ('const' in schema && !deepEqual(value, schema['const'])) {
    problems.push(`${at}: expected ${JSON.stringify(schema['const'])}, got ${describe(value)}`);
  }
  const choices = schema['enum'] as unknown[] | undefined;
  if (choices && !choices.some((c) => deepEqual(c, value))) {
    problems.push(`${at}: ${describe(value)} is not one of ${JSON.stringify(choices)}`);
  }
  if (typeof value === 'string' && typeof schema['pattern'] === 'string') {
    if (!new RegExp(schema['pattern'], 'u').test(value)) {
      problems.push(`${at}: "${value}" does not match ${schema['pattern']}`);
    }
  }
  if (typeof value === 'number' && typeof schema['minimum'] === 'number') {
    if (value < schema['minimum']) problems.push(`${at}: ${value} is below ${schema['minimum']}`);
  }

  if (isObject(value)) checkObject(document, schema, value, at, problems);
  if (Array.isArray(value) && schema['items'] !== undefined) {
    value.forEach((item, i) =>
      check(document, schema['items'] as JsonSchema, item, `${at}[${i}]`, problems),
    );
  }

  const oneOf = schema['oneOf'] as JsonSchema[] | undefined;
  if (oneOf) {
    const matching = oneOf.filter((s) => validateAt(document, s, value, at).length === 0).length;
    if (matching !== 1) {
      problems.push(
        `${at}: ${describe(value)} matches ${matching} of the oneOf alternatives, not 1`,
      );
    }
  }
  const anyOf = schema['anyOf'] as JsonSchema[] | undefined;
  if (anyOf && !anyOf.some((s) => validateAt(document, s, value, at).length === 0)) {
    problems.push(`${at}: ${describe(value)} matches none of the anyOf alternatives`);
  }
}

function checkObject(
  document: unknown,
  schema: Exclude<JsonSchema, boolean>,
  value: Record<string, unknown>,
  at: string,
  problems: string[],
): void {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const name of (schema['required'] ?? []) as string[]) {
    if (!Object.hasOwn(value, name)) problems.push(`${at}: "${name}" is required`);
  }
  for (const [name, item] of Object.entries(value)) {
    const where = `${at}.${name}`;
    if (Object.hasOwn(properties, name)) {
      check(document, properties[name]!, item, where, problems);
      continue;
    }
    const extra = schema['additionalProperties'] as JsonSchema | undefined;
    if (extra === false) problems.push(`${where}: not a documented property`);
    else if (extra !== undefined) check(document, extra, item, where, problems);
  }
}

function validateAt(document: unknown, schema: JsonSchema, value: unknown, at: string): string[] {
  const problems: string[] = [];
  check(document, schema, value, at, problems);
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      throw new Error(`unknown JSON Schema type "${type}"`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
