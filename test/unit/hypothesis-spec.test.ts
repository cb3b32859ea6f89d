/**
 * The vendored Hypothesis API (test/fixtures/hypothesis-api) is the published one, and the
 * validators built from it (test/support/hypothesis-spec.ts) accept what a real server sends and
 * refuse what it would not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPEC_DIR, annotationSchema, checkRequest, checkResponse } from '../support/hypothesis-spec';

const SHARED = path.resolve('../shared/hypothesis-api');
const listFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));

describe('the vendored Hypothesis API', () => {
  it.skipIf(!fs.existsSync(SHARED))('equals ../shared/hypothesis-api file for file', () => {
    const theirs = listFiles(SHARED).filter((f) => f !== 'README.md').sort();
    const ours = listFiles(SPEC_DIR).filter((f) => f !== 'README.md').sort();
    expect(ours).toEqual(theirs);
    for (const f of theirs) expect(fs.readFileSync(path.join(SPEC_DIR, f), 'utf8'), f).toBe(fs.readFileSync(path.join(SHARED, f), 'utf8'));
  });

  it('carries its licence and where it came from', () => {
    expect(fs.readFileSync(path.join(SPEC_DIR, 'LICENSE'), 'utf8')).toMatch(/Hypothes\.is Project/);
    expect(fs.readFileSync(path.join(SPEC_DIR, 'README.md'), 'utf8')).toMatch(/hypothesis\/h.*24395ca4/s);
  });
});

const annotation = {
  id: 'Zx1', created: '2026-12-07T10:00:00.000000+00:00', updated: '2026-12-07T10:00:00.000000+00:00', user: 'acct:reader@hypothes.is',
  uri: 'https://www.news.example/a', text: 'note', tags: ['ai'], group: '__world__', permissions: { read: ['acct:reader@hypothes.is'] },
  target: [{ source: 'https://www.news.example/a', selector: [{ type: 'TextQuoteSelector', exact: 'x', prefix: 'a', suffix: 'b' }, { type: 'TextPositionSelector', start: 3, end: 4 }] }],
  document: { title: ['A story'] }, links: {}, hidden: false, moderation_status: 'APPROVED', flagged: false, actions: [],
};

describe('validators from the published API', () => {
  it('accept an annotation as hypothes.is sends it, with a position selector (see reading 4)', () => {
    expect(annotationSchema(annotation)).toBe(true);
  });

  it.each([
    ['without its user', { ...annotation, user: undefined }],
    ['with a user that is not an account id', { ...annotation, user: 'reader' }],
    ['with a position selector without its end', { ...annotation, target: [{ selector: [{ type: 'TextPositionSelector', start: 3 }] }] }],
    ['with a date that is not a date', { ...annotation, updated: 'yesterday' }],
  ])('refuse an annotation %s', (_n, a) => {
    expect(annotationSchema(a)).toBe(false);
  });

  it('know the endpoints, their authentication and their parameters', () => {
    expect(checkRequest({ method: 'GET', url: '/api/profile', headers: {}, body: undefined }).problems).toEqual([]);
    expect(checkRequest({ method: 'POST', url: '/api/annotations', headers: {}, body: { uri: 'https://x.example/' } }).problems).toEqual(expect.arrayContaining(['needs Authorization: Bearer <token>', 'body without a JSON content type']));
    expect(checkRequest({ method: 'POST', url: '/api/annotations', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: { text: 'no uri' } }).problems[0]).toMatch(/uri/);
    expect(checkRequest({ method: 'GET', url: '/api/search?limit=500&colour=red', headers: {}, body: undefined }).problems).toEqual(['limit=500 is over 200', 'unknown query parameter colour']);
    expect(checkRequest({ method: 'PATCH', url: '/api/annotations/abc', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: { text: 'x' } })).toMatchObject({ problems: [], template: '/annotations/{id}', params: { id: 'abc' } });
    expect(checkRequest({ method: 'GET', url: '/api/annotations', headers: {}, body: undefined }).problems).toEqual(['GET /api/annotations is not in the API']);
  });

  it('check responses by status', () => {
    expect(checkResponse('GET', '/search', 200, { rows: [annotation], total: 1 })).toEqual([]);
    expect(checkResponse('GET', '/search', 200, { rows: [annotation] })[0]).toMatch(/total/);
    expect(checkResponse('DELETE', '/annotations/{id}', 200, { deleted: false, id: 'x' })[0]).toMatch(/deleted/);
    expect(checkResponse('GET', '/profile', 404, { status: 'failure', reason: 'gone' })).toEqual([]);
    expect(checkResponse('GET', '/profile', 404, { error: 'gone' })[0]).toMatch(/status/);
    expect(checkResponse('GET', '/profile', 418, undefined)[0]).toMatch(/never answers 418/);
  });
});
