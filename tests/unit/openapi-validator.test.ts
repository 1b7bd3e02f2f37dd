import { describe, expect, it } from 'vitest';
import {
  allRefs,
  documentedOperations,
  documentedResponse,
  matchPath,
  resolveRef,
  validate,
  type OpenApiDocument,
} from '../support/openapi-validator';

/** A small document in the shape of docs/openapi.yaml. */
const doc: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/api/lab-sessions/{id}': {
      parameters: [],
      get: {
        responses: {
          '200': {
            description: 'the session',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { responses: { '204': { description: 'stopped' } } },
    },
    '/api/lab-sessions/{id}/grade': { post: { responses: {} } },
    '/api/quizzes/{lesson}': { post: { responses: {} } },
    '/certificates/{id}.pdf': { get: { responses: {} } },
  },
  components: {
    responses: {
      NotFound: {
        description: 'not found',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
    schemas: {
      Envelope: {
        type: 'object',
        required: ['session'],
        additionalProperties: false,
        properties: { session: { $ref: '#/components/schemas/Session' } },
      },
      Session: {
        type: 'object',
        required: ['id', 'state'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-f0-9]{16}$' },
          state: { enum: ['queued', 'ready'] },
          position: { type: 'integer', minimum: 1 },
          expiresAt: { type: ['string', 'null'] },
          services: { type: 'array', items: { type: 'string' } },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', properties: { kind: { type: 'string' } } } },
      },
      Next: {
        oneOf: [
          {
            type: 'object',
            required: ['kind', 'href'],
            properties: { kind: { const: 'read' }, href: { type: 'string' } },
          },
          { type: 'object', required: ['kind'], properties: { kind: { const: 'complete' } } },
        ],
      },
      Either: { anyOf: [{ type: 'integer' }, { const: 'none' }] },
    },
  },
};

const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const session = { id: '0123456789abcdef', state: 'ready' };

describe('the OpenAPI response validator', () => {
  it('accepts a body exactly as documented, optional properties and null included', () => {
    expect(validate(doc, schema('Envelope'), { session })).toEqual([]);
    expect(
      validate(doc, schema('Envelope'), {
        session: { ...session, position: 1, expiresAt: null, services: ['hello'] },
      }),
    ).toEqual([]);
  });

  it('rejects a missing required property, naming it', () => {
    expect(validate(doc, schema('Envelope'), { session: { id: session.id } })).toEqual([
      '$.session: "state" is required',
    ]);
  });

  it('rejects a property the schema closes out with additionalProperties: false', () => {
    expect(validate(doc, schema('Envelope'), { session: { ...session, owner: 'x' } })).toEqual([
      '$.session.owner: not a documented property',
    ]);
  });

  it('lets extra properties through where the schema does not close them out', () => {
    expect(validate(doc, schema('Error'), { error: { kind: 'x', extra: 1 }, more: true })).toEqual(
      [],
    );
  });

  it('rejects wrong types: string for number, number for integer, null where not allowed', () => {
    const problems = (value: unknown) =>
      validate(doc, schema('Session'), { ...session, position: value });
    expect(problems('1')).toEqual(['$.position: expected integer, got string "1"']);
    expect(problems(1.5)).toEqual(['$.position: expected integer, got number 1.5']);
    expect(problems(null)).toEqual(['$.position: expected integer, got null']);
    expect(validate(doc, schema('Session'), { ...session, expiresAt: 3 })).toEqual([
      '$.expiresAt: expected string or null, got number 3',
    ]);
    expect(validate(doc, schema('Envelope'), [session])).toEqual([
      '$: expected object, got an array',
    ]);
  });

  it('rejects a value outside an enum, a pattern or a minimum', () => {
    expect(validate(doc, schema('Session'), { ...session, state: 'done' })).toEqual([
      '$.state: string "done" is not one of ["queued","ready"]',
    ]);
    expect(validate(doc, schema('Session'), { ...session, id: 'ABC' })).toEqual([
      '$.id: "ABC" does not match ^[a-f0-9]{16}$',
    ]);
    expect(validate(doc, schema('Session'), { ...session, position: 0 })).toEqual([
      '$.position: 0 is below 1',
    ]);
  });

  it('checks every item of an array', () => {
    expect(validate(doc, schema('Session'), { ...session, services: ['a', 2, 'c'] })).toEqual([
      '$.services[1]: expected string, got number 2',
    ]);
  });

  it('needs exactly one oneOf alternative and at least one anyOf alternative', () => {
    expect(validate(doc, schema('Next'), { kind: 'read', href: '/lessons/x' })).toEqual([]);
    expect(validate(doc, schema('Next'), { kind: 'complete' })).toEqual([]);
    expect(validate(doc, schema('Next'), { kind: 'read' })).toEqual([
      '$: an object matches 0 of the oneOf alternatives, not 1',
    ]);
    const both = { oneOf: [{ type: 'number' }, { type: 'integer' }] };
    expect(validate(doc, both, 3)).toEqual([
      '$: number 3 matches 2 of the oneOf alternatives, not 1',
    ]);
    expect(validate(doc, schema('Either'), 'none')).toEqual([]);
    expect(validate(doc, schema('Either'), 'some')).toEqual([
      '$: string "some" matches none of the anyOf alternatives',
    ]);
  });

  it('refuses a keyword it does not check rather than pass every value', () => {
    expect(() => validate(doc, { type: 'string', maxLength: 3 }, 'long')).toThrow(
      'does not support the keyword "maxLength"',
    );
  });

  it('reports a reference that resolves to nothing', () => {
    expect(() => validate(doc, schema('Missing'), {})).toThrow(
      '#/components/schemas/Missing does not resolve',
    );
    expect(() => resolveRef(doc, 'other.yaml#/x')).toThrow('only local references');
    expect(allRefs(doc).map((r) => r.ref)).toContain('#/components/responses/NotFound');
  });
});

describe('finding the documented response', () => {
  it('lists the documented operations, ignoring path-level parameters', () => {
    expect(documentedOperations(doc)).toEqual([
      'GET /api/lab-sessions/{id}',
      'DELETE /api/lab-sessions/{id}',
      'POST /api/lab-sessions/{id}/grade',
      'POST /api/quizzes/{lesson}',
      'GET /certificates/{id}.pdf',
    ]);
  });

  it('matches a concrete path to its template, one segment per parameter before several', () => {
    expect(matchPath(doc, '/api/lab-sessions/0123456789abcdef')).toBe('/api/lab-sessions/{id}');
    expect(matchPath(doc, '/api/lab-sessions/0123456789abcdef/grade')).toBe(
      '/api/lab-sessions/{id}/grade',
    );
    expect(matchPath(doc, '/api/quizzes/docker/images')).toBe('/api/quizzes/{lesson}');
    expect(matchPath(doc, '/certificates/AbC_12-xyzAbC_12x.pdf')).toBe('/certificates/{id}.pdf');
    expect(matchPath(doc, '/api/nowhere')).toBeUndefined();
  });

  it('follows a response $ref to its schema, and says when a body is documented as empty', () => {
    const notFound = documentedResponse(doc, '/api/lab-sessions/{id}', 'GET', 404);
    expect(notFound.content['application/json']).toEqual(schema('Error'));
    expect(documentedResponse(doc, '/api/lab-sessions/{id}', 'DELETE', 204).content).toEqual({});
  });

  it('fails on a status or a method the document does not list', () => {
    expect(() => documentedResponse(doc, '/api/lab-sessions/{id}', 'GET', 500)).toThrow(
      'GET /api/lab-sessions/{id} answered 500, which is not documented',
    );
    expect(() => documentedResponse(doc, '/api/lab-sessions/{id}', 'PUT', 200)).toThrow(
      'PUT /api/lab-sessions/{id} is not documented',
    );
  });
});
