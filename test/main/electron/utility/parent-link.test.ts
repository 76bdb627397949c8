import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createParentLink, type ParentPortLike } from '../../../../main/electron/utility/parent-link';

function fakePort() {
  const posted: unknown[] = [];
  let listener: ((e: { data: unknown }) => void) | null = null;
  const port: ParentPortLike = {
    postMessage: (m) => posted.push(m),
    on: (_event, l) => {
      listener = l;
    },
  };
  return { port, posted, deliver: (data: unknown) => listener!({ data }) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createParentLink', () => {
  it('wraps API messages in the api channel both ways and ignores anything else', () => {
    const { port, posted, deliver } = fakePort();
    const link = createParentLink(port);
    const got: unknown[] = [];
    link.channel.onMessage((m) => got.push(m));
    link.channel.postMessage({ type: 'result', id: 1, result: { ok: true, value: 1 } });
    expect(posted).toEqual([{ ch: 'api', m: { type: 'result', id: 1, result: { ok: true, value: 1 } } }]);
    deliver({ ch: 'api', m: { type: 'invoke', id: 2, method: 'system.info', args: {} } });
    deliver({ type: 'invoke', id: 3, method: 'system.info', args: {} });
    deliver(null);
    expect(got).toEqual([{ type: 'invoke', id: 2, method: 'system.info', args: {} }]);
  });

  it('matches keystore replies to requests by id', async () => {
    const { port, posted, deliver } = fakePort();
    const link = createParentLink(port);
    const a = link.requestKey('wrap', 'QQ==');
    const b = link.requestKey('unwrap', 'Qg==');
    expect(posted).toEqual([
      { ch: 'key', id: 1, op: 'wrap', data: 'QQ==' },
      { ch: 'key', id: 2, op: 'unwrap', data: 'Qg==' },
    ]);
    deliver({ ch: 'key-reply', id: 2, result: { ok: false, code: 'keystore_failed' } });
    deliver({ ch: 'key-reply', id: 1, result: { ok: true, data: 'WA==', backend: 'kwallet5' } });
    await expect(a).resolves.toEqual({ data: 'WA==', backend: 'kwallet5' });
    await expect(b).rejects.toMatchObject({ code: 'keystore_failed' });
  });

  it('gives up on a keystore request main never answers', async () => {
    const { port } = fakePort();
    const link = createParentLink(port, 1_000);
    const pending = link.requestKey('unwrap', 'QQ==');
    const check = expect(pending).rejects.toMatchObject({ code: 'keystore_timeout' });
    await vi.advanceTimersByTimeAsync(1_000);
    await check;
  });

  it('reports shutdown requests and ready', () => {
    const { port, posted, deliver } = fakePort();
    const link = createParentLink(port);
    const shutdown = vi.fn();
    link.onShutdown(shutdown);
    link.ready();
    deliver({ ch: 'shutdown' });
    expect(posted).toEqual([{ ch: 'ready' }]);
    expect(shutdown).toHaveBeenCalledOnce();
  });
});
