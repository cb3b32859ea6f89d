/**
 * The published Hypothesis API (test/fixtures/hypothesis-api, vendored unchanged) as validators:
 * is this request one the API describes, and is this response one it promises? The stand-in
 * server checks both for every exchange, so sync code that drifts from the real contract fails its
 * tests. ajv does the JSON Schema work; js-yaml reads the files.
 *
 * The published files are OpenAPI 3.0 written by hand, and a few spots are not valid JSON Schema as
 * written. Each is read here as its authors evidently meant, and named (the files stay unedited):
 * 1. A property given as a bare type word (`value: string`, `start: number` in the selectors) is
 *    that type.
 * 2. `type: int` (the page parameters) is `integer`; `type: null` (YAML's null) is JSON Schema's `'null'`.
 * 3. The user-id patterns open with `acct:^` — a `^` after text can never match, so no real user
 *    id would pass; read as `^acct:` followed by the rest. The search `user` parameter's pattern
 *    also allows upper case only; user ids in queries are not pattern-checked.
 * 4. The selectors' `oneOf`: the Text Position and Data Position branches have the same shape (as
 *    CSS, XPath and SVG do), so a position selector matches two branches and `oneOf` would refuse
 *    every annotation the real client makes; read as `anyOf` (it must match at least one shape).
 */
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { Ajv, type ValidateFunction } from 'ajv';

export const SPEC_DIR = path.resolve('test/fixtures/hypothesis-api');

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

const files = new Map<string, unknown>();
function file(rel: string): unknown {
  const abs = path.resolve(SPEC_DIR, rel);
  if (!files.has(abs)) files.set(abs, load(fs.readFileSync(abs, 'utf8')));
  return files.get(abs);
}

/** Follows `a/b.yaml#/X/Y` or `#/X/Y` (relative to `base`), returning the node and the file it is in. */
function deref(ref: string, base: string): { node: unknown; base: string } {
  const [f, pointer = ''] = ref.split('#');
  const target = f ? path.join(path.dirname(base), f) : base;
  let node = file(target);
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref ${ref} in ${base}`);
  return { node, base: target };
}

/** A schema with every $ref inlined and the published file's slips (see the top of this file) read as meant. */
function resolve(schema: unknown, base: string, underSelector = false, depth = 0): unknown {
  if (depth > 40) throw new Error('$ref too deep');
  if (Array.isArray(schema)) return schema.map((s) => resolve(s, base, underSelector, depth + 1));
  if (!isNode(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const r = deref(schema.$ref, base);
    return resolve(r.node, r.base, underSelector, depth + 1);
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && isNode(v)) {
      const props: Node = {};
      // (1) a bare type word stands for that type
      for (const [p, s] of Object.entries(v)) props[p] = typeof s === 'string' ? { type: s } : resolve(s, base, p === 'selector', depth + 1);
      out.properties = props;
    } else if (k === 'type') {
      // (2)
      out.type = v === null ? 'null' : v === 'int' ? 'integer' : v;
    } else if (k === 'pattern' && typeof v === 'string') {
      // (3)
      out.pattern = v.startsWith('acct:^') ? `^acct:${v.slice('acct:^'.length)}` : v;
    } else if (k === 'oneOf' && underSelector) {
      // (4)
      out.anyOf = resolve(v, base, false, depth + 1);
    } else if (k === 'items') {
      out.items = resolve(v, base, underSelector, depth + 1);
    } else {
      out[k] = resolve(v, base, false, depth + 1);
    }
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// the formats the API uses, checked as RFC 3339 and WHATWG URL parsing define them (e-mail loosely)
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) && /^[a-z][a-z0-9+.-]*:/i.test(s) });

interface Operation {
  template: string;
  method: string;
  parameters: { name: string; in: string; required?: boolean; schema?: unknown }[];
  body: ValidateFunction | null;
  /** ApiKey (Bearer) authentication: required, allowed, or not named. */
  auth: 'required' | 'optional' | 'none';
  responses: Map<string, ValidateFunction | null>;
}

const SPEC = 'hypothesis-v1.yaml';
const root = file(SPEC) as { paths: Record<string, Node | null>; components: Node };
const compiled = new Map<unknown, ValidateFunction>();
const compile = (schema: unknown): ValidateFunction => {
  const s = resolve(schema, SPEC);
  const key = JSON.stringify(s);
  if (!compiled.has(key)) compiled.set(key, ajv.compile(s as object));
  return compiled.get(key)!;
};
const contentSchema = (c: unknown): unknown => (isNode(c) ? (Object.values(c)[0] as Node | undefined)?.schema : undefined);

const operations: Operation[] = [];
for (const [template, item] of Object.entries(root.paths)) {
  if (!item) continue;
  for (const [method, op] of Object.entries(item)) {
    if (!isNode(op) || !['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
    const security = (op.security as Node[] | undefined) ?? [];
    const bearer = security.some((s) => 'ApiKey' in s);
    const anonymous = security.some((s) => Object.keys(s).length === 0);
    const bodySchema = contentSchema((op.requestBody as Node | undefined)?.content);
    const responses = new Map<string, ValidateFunction | null>();
    for (const [status, r] of Object.entries((op.responses as Node) ?? {})) {
      const rr = resolve(r, SPEC) as Node;
      const s = contentSchema(rr.content);
      responses.set(status, s ? compile(s) : null);
    }
    operations.push({
      template,
      method: method.toUpperCase(),
      parameters: ((op.parameters as unknown[]) ?? []).map((p) => resolve(p, SPEC) as Operation['parameters'][number]),
      body: bodySchema ? compile(bodySchema) : null,
      auth: bearer ? (anonymous ? 'optional' : 'required') : 'none',
      responses,
    });
  }
}
// PATCH /annotations/{id} names no body in the file; its text says it takes part of an annotation
// (RFC 5789), so a PATCH body is checked against the create schema's fields, none of them required
const createSchema = resolve((root.components.schemas as Node).AnnotationCreate, SPEC) as Node;
const patchBody = ajv.compile({ ...createSchema, required: [] });
const errorBody = compile({ $ref: './schemas/errors.yaml#/Error' });
/** "Any API service may raise any of the following common errors" (the file's description), and 401/429 every HTTP service may. */
const COMMON_ERRORS = new Set(['400', '401', '403', '404', '406', '409', '429', '500', '502', '503']);

function match(method: string, pathname: string): { op: Operation; params: Record<string, string> } | null {
  for (const op of operations) {
    if (op.method !== method) continue;
    const names: string[] = [];
    const re = new RegExp(`^/api${op.template.replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`);
    const m = re.exec(pathname);
    if (m) return { op, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return null;
}

const fmt = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

export interface SpecRequest {
  method: string;
  /** Path and query, as the request line gives them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What is wrong with a request by the published API (an empty list: nothing), and the operation it is. */
export function checkRequest(r: SpecRequest): { problems: string[]; template: string | null; params: Record<string, string> } {
  const url = new URL(r.url, 'http://stand-in');
  const found = match(r.method, url.pathname);
  if (!found) return { problems: [`${r.method} ${url.pathname} is not in the API`], template: null, params: {} };
  const { op, params } = found;
  const problems: string[] = [];
  const auth = String(r.headers.authorization ?? '');
  if (op.auth === 'required' && !/^Bearer \S+$/.test(auth)) problems.push('needs Authorization: Bearer <token>');
  const accept = String(r.headers.accept ?? '');
  if (accept && !/application\/(vnd\.hypothesis\.v1\+)?json|\*\/\*/.test(accept)) problems.push(`Accept ${accept} would be refused (406)`);
  const known = new Map(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  for (const [name, value] of url.searchParams) {
    const p = known.get(name);
    if (!p) {
      problems.push(`unknown query parameter ${name}`);
      continue;
    }
    const s = (p.schema ?? {}) as Node;
    if (s.type === 'integer' && !/^\d+$/.test(value)) problems.push(`${name}=${value} is not an integer`);
    if (s.type === 'integer' && typeof s.maximum === 'number' && Number(value) > s.maximum) problems.push(`${name}=${value} is over ${String(s.maximum)}`);
    if (Array.isArray(s.enum) && !s.enum.includes(value)) problems.push(`${name}=${value} is not one of ${s.enum.join(', ')}`);
    if (s.format === 'uri' && !URL.canParse(value)) problems.push(`${name}=${value} is not a URI`);
  }
  for (const p of op.parameters) if (p.required && p.in === 'query' && !url.searchParams.has(p.name)) problems.push(`missing query parameter ${p.name}`);
  const bodyCheck = op.body ?? (op.method === 'PATCH' || op.method === 'PUT' ? patchBody : null);
  if (bodyCheck) {
    if (!bodyCheck(r.body)) problems.push(`body: ${fmt(bodyCheck)}`);
    if (!/json/.test(String(r.headers['content-type'] ?? ''))) problems.push('body without a JSON content type');
  } else if (r.body !== undefined) problems.push('a body where the API takes none');
  return { problems, template: op.template, params };
}

/** What is wrong with a response to `method template` by the published API (an empty list: nothing). */
export function checkResponse(method: string, template: string, status: number, body: unknown): string[] {
  const op = operations.find((o) => o.method === method && o.template === template);
  if (!op) return [`${method} ${template} is not in the API`];
  const code = String(status);
  if (op.responses.has(code)) {
    const v = op.responses.get(code);
    return v && !v(body) ? [`${code} body: ${fmt(v)}`] : [];
  }
  if (COMMON_ERRORS.has(code)) return body === undefined || errorBody(body) ? [] : [`${code} error body: ${fmt(errorBody)}`];
  return [`${method} ${template} never answers ${code}`];
}

/** The Annotation schema alone, for unit tests of what our mapping sends and accepts. */
export const annotationSchema = compile((root.components.schemas as Node).Annotation);
export const annotationCreateSchema = compile((root.components.schemas as Node).AnnotationCreate);
export const describeErrors = fmt;
