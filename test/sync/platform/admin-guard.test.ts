import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAdmin } from '../../../sync/platform/admin-api';
import { BlobStore } from '../../../sync/platform/blobs';
import { ChangeLog } from '../../../sync/platform/change-log';
import { openPlatformDb } from '../../../sync/platform/db';
import { FaultInjector } from '../../../sync/platform/faults';
import { HttpError, isLoopback, negotiateEncoding } from '../../../sync/platform/http-util';
import type { PlatformState } from '../../../sync/platform/state';
import { InFlightPatches } from '../../../sync/platform/inflight-patches';
import { loadSecrets, newStats } from '../../../sync/platform/state';

let state: PlatformState;
beforeAll(() => {
  const db = openPlatformDb(':memory:');
  const s = loadSecrets(db);
  state = {
    db,
    changes: new ChangeLog(db),
    blobs: new BlobStore(db),
    inflightPatches: new InFlightPatches(),
    faults: new FaultInjector(),
    stats: newStats(),
    platformPrivateKey: s.privateKey,
    platformPublicKeyB64: s.publicKeyB64,
    cursorSecret: s.cursorSecret,
    cursorMaxAgeMs: null,
    adminToken: 'tok',
    adminAllowRemote: false,
    log: () => {},
  };
});
afterAll(() => state.db.close());

function fakeReq(remoteAddress: string, token = 'tok'): IncomingMessage {
  return {
    method: 'GET',
    headers: { authorization: `Bearer ${token}` },
    socket: { remoteAddress },
  } as unknown as IncomingMessage;
}

describe('admin guard', () => {
  it('serves loopback peers with the token only', () => {
    const url = new URL('http://x/admin/health');
    expect(handleAdmin(state, fakeReq('127.0.0.1'), url, Buffer.alloc(0)).status).toBe(200);
    expect(handleAdmin(state, fakeReq('::1'), url, Buffer.alloc(0)).status).toBe(200);
    expect(() => handleAdmin(state, fakeReq('10.99.0.1'), url, Buffer.alloc(0))).toThrow(HttpError);
    expect(() => handleAdmin(state, fakeReq('127.0.0.1', 'wrong'), url, Buffer.alloc(0))).toThrow(/admin token/);
    state.adminAllowRemote = true;
    expect(handleAdmin(state, fakeReq('10.99.0.1'), url, Buffer.alloc(0)).status).toBe(200);
    state.adminAllowRemote = false;
  });

  it('recognises loopback addresses', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', undefined].some(isLoopback)).toBe(false);
  });

  it('negotiates response encodings', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('identity')).toBe('identity');
  });
});
