// RFC 9421 HTTP Message Signatures, restricted to what the protocol needs: Ed25519 keys, derived
// components @method @authority @scheme @target-uri @request-target @path @query @status, HTTP
// fields, the `req` parameter (a response signature covering parts of its request) and the `key`
// parameter (one member of a Dictionary field, e.g. the request's own `signature`;key="sig1").
// Works on plain objects so node:http servers, fetch/undici clients and tests share one code path.
import { sign as edSign, verify as edVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { parseDictionary, serializeInnerList, serializeItem } from 'structured-headers';
import type { BareItem, Item, Parameters } from 'structured-headers';

/** Header values as node:http (incoming or outgoing) or a plain record hold them. Names are matched case-insensitively. */
export type HeaderBag = Record<string, string | string[] | number | undefined>;

export interface RequestParts {
  method: string;
  /** Host and port as sent (`Host` header / URL.host): lower case, default port omitted. */
  authority: string;
  /** Absolute path without the query, e.g. `/v1/devices/d1/transactions:batch`. */
  path: string;
  /** The query as in `URL.search`: '' or starting with '?'. A missing '?' is added. */
  query?: string;
  scheme?: 'http' | 'https';
  headers: HeaderBag;
}

export interface ResponseParts {
  status: number;
  headers: HeaderBag;
}

export interface ComponentId {
  name: string;
  /** `;req`: take the component from the request that this response answers. */
  req?: boolean;
  /** `;key="…"`: the value is that member of the field parsed as a Structured Dictionary. */
  key?: string;
  /**
   * The parameters exactly as a received Signature-Input listed them. The signature base must
   * repeat them in the sender's order, which may differ from ours (`;key="sig1";req`).
   */
  receivedParams?: Parameters;
}

export const SIGNATURE_LABEL = 'sig1';
export const SIGNATURE_ALG = 'ed25519';

/** What every terminal request signature must cover (protocol §2). */
export const REQUEST_COMPONENTS: readonly ComponentId[] = Object.freeze([
  { name: '@method' },
  { name: '@authority' },
  { name: '@path' },
  { name: '@query' },
  { name: 'content-digest' },
]);

/**
 * What every platform response signature covers (protocol 1.1 §2), in the contract's order: the
 * answer itself and the one signed request it answers, down to that request's own signature, so a
 * signed answer can never be replayed for another request (an old changes page for a later cursor).
 */
export const RESPONSE_COMPONENTS: readonly ComponentId[] = Object.freeze([
  { name: '@status' },
  { name: 'content-digest' },
  { name: '@path', req: true },
  { name: '@query', req: true },
  { name: 'content-digest', req: true },
  { name: 'signature', req: true, key: SIGNATURE_LABEL },
]);

/** The enrolment request is unsigned (and may carry no Content-Digest): its answer covers the first four. */
export const ENROLMENT_RESPONSE_COMPONENTS: readonly ComponentId[] = Object.freeze(RESPONSE_COMPONENTS.slice(0, 4));

/** What a protocol 1.0 terminal requires of a response; the 1.1 set covers all of it. */
export const RESPONSE_COMPONENTS_V1_0: readonly ComponentId[] = Object.freeze([
  { name: '@status' },
  { name: 'content-digest' },
  { name: '@path', req: true },
  { name: 'content-digest', req: true },
]);

export class SignatureBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureBaseError';
  }
}

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    // RFC 9421 §2.1: strip leading/trailing whitespace of each value, join multiple with ", ".
    if (Array.isArray(v)) return v.map((x) => x.trim()).join(', ');
    return String(v).trim();
  }
  return undefined;
}

function queryValue(query: string | undefined): string {
  if (!query) return '?';
  return query.startsWith('?') ? query : `?${query}`;
}

function componentValue(c: ComponentId, message: { request?: RequestParts; response?: ResponseParts }): string {
  const useRequest = c.req === true || !message.response;
  if (c.req && !message.response) throw new SignatureBaseError(`;req on ${c.name} needs a response`);
  const req = message.request;
  if (c.name.startsWith('@')) {
    if (c.name === '@status') {
      if (useRequest || !message.response) throw new SignatureBaseError('@status exists only on responses');
      return String(message.response.status);
    }
    if (!req) throw new SignatureBaseError(`${c.name} needs the request`);
    switch (c.name) {
      case '@method':
        return req.method;
      case '@authority':
        return req.authority.toLowerCase();
      case '@scheme':
        return (req.scheme ?? 'https').toLowerCase();
      case '@path':
        return req.path === '' ? '/' : req.path;
      case '@query':
        return queryValue(req.query);
      case '@request-target':
        return `${req.path === '' ? '/' : req.path}${req.query && req.query !== '?' ? queryValue(req.query) : ''}`;
      case '@target-uri':
        return `${(req.scheme ?? 'https').toLowerCase()}://${req.authority.toLowerCase()}${req.path === '' ? '/' : req.path}${req.query && req.query !== '?' ? queryValue(req.query) : ''}`;
      default:
        throw new SignatureBaseError(`unsupported derived component ${c.name}`);
    }
  }
  const source = useRequest ? req?.headers : message.response?.headers;
  if (!source) throw new SignatureBaseError(`no message for ${c.name}`);
  const v = headerValue(source, c.name);
  if (v === undefined) throw new SignatureBaseError(`covered field ${c.name} is absent`);
  return c.key === undefined ? v : dictionaryMemberValue(c.name, v, c.key);
}

/** RFC 9421 §2.1.2: the strict re-serialization of one Dictionary member (value and parameters). */
function dictionaryMemberValue(field: string, value: string, key: string): string {
  let dict;
  try {
    dict = parseDictionary(value);
  } catch (e) {
    throw new SignatureBaseError(`${field} is not a Dictionary: ${(e as Error).message}`);
  }
  const member = dict.get(key);
  if (!member) throw new SignatureBaseError(`${field} has no member ${key}`);
  return Array.isArray(member[0])
    ? serializeInnerList(member as [Item[], Parameters])
    : serializeItem(member[0], member[1]);
}

function componentParams(c: ComponentId): Parameters {
  if (c.receivedParams) return c.receivedParams;
  const p: Parameters = new Map();
  if (c.req) p.set('req', true);
  if (c.key !== undefined) p.set('key', c.key);
  return p;
}

function serializeComponentId(c: ComponentId): string {
  return serializeItem(c.name.toLowerCase(), componentParams(c));
}

/** The `@signature-params` value (also the Signature-Input member value). */
export function serializeSignatureParams(components: readonly ComponentId[], params: Parameters): string {
  const items: Item[] = components.map((c) => [c.name.toLowerCase(), componentParams(c)]);
  return serializeInnerList([items, params]);
}

/** RFC 9421 §2.5 signature base. Throws SignatureBaseError when a covered component is absent. */
export function buildSignatureBase(
  components: readonly ComponentId[],
  params: Parameters,
  message: { request?: RequestParts; response?: ResponseParts },
): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const c of components) {
    const id = serializeComponentId(c);
    if (seen.has(id)) throw new SignatureBaseError(`component ${id} covered twice`);
    seen.add(id);
    const value = componentValue(c, message);
    if (/[\r\n]/.test(value)) throw new SignatureBaseError(`component ${id} contains a line break`);
    lines.push(`${id}: ${value}`);
  }
  lines.push(`"@signature-params": ${serializeSignatureParams(components, params)}`);
  return lines.join('\n');
}

export interface SignOptions {
  keyid: string;
  /** Unix seconds; defaults to now. Recorded only: the platform never rejects on time. */
  created?: number;
  nonce?: string;
  label?: string;
}

export interface SignatureHeaders {
  'signature-input': string;
  signature: string;
}

function protocolParams(opts: SignOptions): Parameters {
  const p: Parameters = new Map();
  p.set('created', opts.created ?? Math.floor(Date.now() / 1000));
  p.set('keyid', opts.keyid);
  p.set('alg', SIGNATURE_ALG);
  if (opts.nonce !== undefined) p.set('nonce', opts.nonce);
  return p;
}

/** Generic signer: any components, any parameters (used for the RFC test vectors). */
export function signMessage(args: {
  components: readonly ComponentId[];
  params: Parameters;
  message: { request?: RequestParts; response?: ResponseParts };
  privateKey: KeyObject;
  label?: string;
}): SignatureHeaders & { base: string } {
  const label = args.label ?? SIGNATURE_LABEL;
  const base = buildSignatureBase(args.components, args.params, args.message);
  const sig = edSign(null, Buffer.from(base, 'utf8'), args.privateKey);
  return {
    base,
    'signature-input': `${label}=${serializeSignatureParams(args.components, args.params)}`,
    signature: `${label}=:${sig.toString('base64')}:`,
  };
}

/** Signs a terminal request over REQUEST_COMPONENTS. `request.headers` must already hold Content-Digest. */
export function signRequest(request: RequestParts, privateKey: KeyObject, opts: SignOptions): SignatureHeaders {
  const { base: _base, ...headers } = signMessage({
    components: REQUEST_COMPONENTS,
    params: protocolParams(opts),
    message: { request },
    privateKey,
    label: opts.label,
  });
  return headers;
}

/**
 * Signs a platform response over `components` (RESPONSE_COMPONENTS, or ENROLMENT_RESPONSE_COMPONENTS
 * for the unsigned enrolment request). `response.headers` must already hold Content-Digest.
 */
export function signResponse(
  response: ResponseParts,
  request: RequestParts,
  privateKey: KeyObject,
  opts: SignOptions,
  components: readonly ComponentId[] = RESPONSE_COMPONENTS,
): SignatureHeaders {
  const { base: _base, ...headers } = signMessage({
    components,
    params: protocolParams(opts),
    message: { request, response },
    privateKey,
    label: opts.label,
  });
  return headers;
}

export interface ParsedSignature {
  label: string;
  components: ComponentId[];
  params: Parameters;
  signature: Buffer;
  keyid?: string;
  created?: number;
  alg?: string;
  nonce?: string;
}

export type SignatureFailure =
  | 'signature_missing'
  | 'signature_malformed'
  | 'label_missing'
  | 'alg_unsupported'
  | 'keyid_missing'
  | 'keyid_mismatch'
  | 'component_not_covered'
  | 'component_absent'
  | 'signature_mismatch';

export type ParseResult =
  { ok: true; signature: ParsedSignature } | { ok: false; reason: SignatureFailure; detail: string };
export type VerifyResult =
  { ok: true; signature: ParsedSignature } | { ok: false; reason: SignatureFailure; detail: string };

function paramString(params: Parameters, key: string): string | undefined {
  const v = params.get(key);
  return typeof v === 'string' ? v : undefined;
}

/** Reads the `label` member of Signature-Input and Signature. Does not check the signature itself. */
export function parseSignatureHeaders(headers: HeaderBag, label: string = SIGNATURE_LABEL): ParseResult {
  const input = headerValue(headers, 'signature-input');
  const sigField = headerValue(headers, 'signature');
  if (input === undefined || sigField === undefined) {
    return { ok: false, reason: 'signature_missing', detail: 'Signature or Signature-Input header missing' };
  }
  let inputDict;
  let sigDict;
  try {
    inputDict = parseDictionary(input);
    sigDict = parseDictionary(sigField);
  } catch (e) {
    return { ok: false, reason: 'signature_malformed', detail: (e as Error).message };
  }
  const inputMember = inputDict.get(label);
  const sigMember = sigDict.get(label);
  if (!inputMember || !sigMember) return { ok: false, reason: 'label_missing', detail: `no ${label} member` };
  if (!Array.isArray(inputMember[0]))
    return { ok: false, reason: 'signature_malformed', detail: 'Signature-Input member is not an inner list' };
  const sigBytes = sigMember[0] as BareItem;
  if (!(sigBytes instanceof ArrayBuffer))
    return { ok: false, reason: 'signature_malformed', detail: 'Signature member is not a byte sequence' };
  const components: ComponentId[] = [];
  for (const [name, p] of inputMember[0] as Item[]) {
    if (typeof name !== 'string')
      return { ok: false, reason: 'signature_malformed', detail: 'component identifier is not a string' };
    for (const key of p.keys()) {
      if (key !== 'req' && key !== 'key')
        return { ok: false, reason: 'signature_malformed', detail: `unsupported component parameter ${key}` };
    }
    const req = p.get('req');
    const key = p.get('key');
    if (req !== undefined && req !== true)
      return { ok: false, reason: 'signature_malformed', detail: 'req is not true' };
    if (key !== undefined && typeof key !== 'string')
      return { ok: false, reason: 'signature_malformed', detail: 'key is not a string' };
    components.push({
      name,
      ...(req === true ? { req: true } : {}),
      ...(key !== undefined ? { key } : {}),
      receivedParams: p,
    });
  }
  const params = inputMember[1];
  const created = params.get('created');
  return {
    ok: true,
    signature: {
      label,
      components,
      params,
      signature: Buffer.from(sigBytes),
      keyid: paramString(params, 'keyid'),
      alg: paramString(params, 'alg'),
      nonce: paramString(params, 'nonce'),
      created: typeof created === 'number' ? created : undefined,
    },
  };
}

function sameComponent(a: ComponentId, b: ComponentId): boolean {
  return a.name.toLowerCase() === b.name.toLowerCase() && (a.req === true) === (b.req === true) && a.key === b.key;
}

/** Checks a parsed signature over `message` with `publicKey`; `required` must all be covered. */
export function verifyParsedSignature(
  parsed: ParsedSignature,
  message: { request?: RequestParts; response?: ResponseParts },
  publicKey: KeyObject,
  required: readonly ComponentId[],
): VerifyResult {
  if (parsed.alg !== undefined && parsed.alg !== SIGNATURE_ALG) {
    return { ok: false, reason: 'alg_unsupported', detail: `alg ${parsed.alg}` };
  }
  for (const r of required) {
    if (!parsed.components.some((c) => sameComponent(c, r))) {
      return { ok: false, reason: 'component_not_covered', detail: `${serializeComponentId(r)} not covered` };
    }
  }
  let base: string;
  try {
    base = buildSignatureBase(parsed.components, parsed.params, message);
  } catch (e) {
    return { ok: false, reason: 'component_absent', detail: (e as Error).message };
  }
  let good = false;
  try {
    good = edVerify(null, Buffer.from(base, 'utf8'), publicKey, parsed.signature);
  } catch {
    good = false;
  }
  return good
    ? { ok: true, signature: parsed }
    : { ok: false, reason: 'signature_mismatch', detail: 'signature does not verify' };
}

/** Verifies a terminal request (label sig1, REQUEST_COMPONENTS covered). */
export function verifyRequest(
  request: RequestParts,
  publicKey: KeyObject,
  label: string = SIGNATURE_LABEL,
): VerifyResult {
  const parsed = parseSignatureHeaders(request.headers, label);
  if (!parsed.ok) return parsed;
  return verifyParsedSignature(parsed.signature, { request }, publicKey, REQUEST_COMPONENTS);
}

/**
 * Verifies a platform response against the request it answers (label sig1, `required` covered —
 * RESPONSE_COMPONENTS unless told otherwise — keyid "platform" expected by default). Freshness of
 * `created` is the caller's business: only it knows the platform time it estimates.
 */
export function verifyResponse(
  response: ResponseParts,
  request: RequestParts,
  publicKey: KeyObject,
  opts: { label?: string; keyid?: string; required?: readonly ComponentId[] } = {},
): VerifyResult {
  const parsed = parseSignatureHeaders(response.headers, opts.label ?? SIGNATURE_LABEL);
  if (!parsed.ok) return parsed;
  const keyid = opts.keyid ?? 'platform';
  if (parsed.signature.keyid !== keyid) {
    return {
      ok: false,
      reason: 'keyid_mismatch',
      detail: `keyid ${parsed.signature.keyid ?? '(none)'} is not ${keyid}`,
    };
  }
  return verifyParsedSignature(
    parsed.signature,
    { request, response },
    publicKey,
    opts.required ?? RESPONSE_COMPONENTS,
  );
}

/** RequestParts from a URL as a client sends it (authority = URL.host, which omits default ports). */
export function requestPartsFromUrl(method: string, url: string | URL, headers: HeaderBag): RequestParts {
  const u = typeof url === 'string' ? new URL(url) : url;
  return {
    method: method.toUpperCase(),
    authority: u.host.toLowerCase(),
    path: u.pathname,
    query: u.search,
    scheme: u.protocol === 'http:' ? 'http' : 'https',
    headers,
  };
}

/** RequestParts from what a node:http server sees: Host header plus request-target. */
export function requestPartsFromTarget(
  method: string,
  host: string,
  requestTarget: string,
  headers: HeaderBag,
  scheme: 'http' | 'https' = 'https',
): RequestParts {
  // Absolute-form targets (sent through forward proxies) carry their own path and query.
  if (/^https?:\/\//i.test(requestTarget)) {
    const u = new URL(requestTarget);
    requestTarget = `${u.pathname}${u.search}`;
  }
  const q = requestTarget.indexOf('?');
  const path = q === -1 ? requestTarget : requestTarget.slice(0, q);
  const query = q === -1 ? '' : requestTarget.slice(q);
  let authority = host.toLowerCase();
  // Host headers may carry the default port explicitly; @authority omits it (RFC 9421 §2.2.3).
  if ((scheme === 'https' && authority.endsWith(':443')) || (scheme === 'http' && authority.endsWith(':80'))) {
    authority = authority.slice(0, authority.lastIndexOf(':'));
  }
  return { method: method.toUpperCase(), authority, path, query, scheme, headers };
}
