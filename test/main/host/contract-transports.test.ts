import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKioskApi, createWireBridge, type KioskApi, type SessionView } from '../../../main/contract';
import { createChannelPair } from '../../../main/host/transports/channel-port';
import { channelPipe } from '../../../main/host/transports/channel-pipe';
import { serveChannel } from '../../../main/host/transports/channel-server';
import { startHttpTransport, type HttpTransport } from '../../../main/host/transports/http-server';
import { createWsPipe, type WebSocketLike } from '../../../renderer/api/ws-pipe';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;

interface TransportUnderTest {
  api: KioskApi;
  raw(message: unknown): void;
  close(): Promise<void>;
}

const transports: Record<string, (host: TempHost) => Promise<TransportUnderTest>> = {
  websocket: async (host) => {
    const http: HttpTransport = await startHttpTransport({
      dispatch: host.dispatch,
      bus: host.bus,
      rendererDir: host.dir,
    });
    const sockets: WebSocket[] = [];
    const pipe = createWsPipe(`ws://127.0.0.1:${http.port}/api/ws?token=${http.token}`, (u) => {
      const s = new WebSocket(u, { origin: http.url });
      sockets.push(s);
      return s as unknown as WebSocketLike;
    });
    await new Promise<void>((resolve) => pipe.onOpen(resolve));
    return {
      api: createKioskApi(createWireBridge(pipe)),
      raw: (m) => sockets.at(-1)!.send(typeof m === 'string' ? m : JSON.stringify(m)),
      async close() {
        pipe.close();
        await http.close();
      },
    };
  },
  'ipc channel': async (host) => {
    const [hostPort, clientPort] = createChannelPair();
    const stop = serveChannel(hostPort, host.dispatch, host.bus);
    const pipe = channelPipe(clientPort);
    return {
      api: createKioskApi(createWireBridge(pipe)),
      raw: (m) => clientPort.postMessage(m as never),
      async close() {
        pipe.close();
        stop();
      },
    };
  },
};

for (const [name, connect] of Object.entries(transports)) {
  describe(`KioskApi contract over ${name}`, () => {
    let host: TempHost;
    let t: TransportUnderTest;

    beforeAll(async () => {
      host = await startTempHost();
      t = await connect(host);
    });
    afterAll(async () => {
      await t.close();
      await host.cleanup();
    });

    const countTx = () => (host.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;

    it('answers system.info with the configured station', async () => {
      const r = await t.api.invoke('system.info', {});
      expect(r).toMatchObject({ ok: true, value: { stationName: host.config.station.name, demo: true } });
    });

    it('rejects an unknown method with bad_request', async () => {
      const r = await t.api.invoke('no.such.method' as never, {} as never);
      expect(r).toEqual({ ok: false, error: { code: 'bad_request', message: expect.any(String) } });
    });

    it('rejects malformed arguments with bad_request and changes nothing', async () => {
      const before = countTx();
      for (const args of [
        null,
        42,
        'x',
        { serviceCode: '../../etc' },
        { serviceCode: 'a', values: {}, requestId: 'not-a-uuid' },
        { serviceCode: 'a', values: { ['x'.repeat(200)]: 'v' }, requestId: crypto.randomUUID() },
        { serviceCode: 'a', values: { a: 'v'.repeat(5000) }, requestId: crypto.randomUUID() },
        { extra: true },
      ]) {
        const r = await t.api.invoke('tx.submit', args as never);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('bad_request');
      }
      expect(countTx()).toBe(before);
    });

    it('answers a garbage wire message carrying an id with bad_request, and survives junk', async () => {
      t.raw({ type: 'invoke', id: 'x' });
      t.raw({ nonsense: true });
      if (name === 'websocket') t.raw('{not json');
      const r = await t.api.invoke('system.info', {});
      expect(r.ok).toBe(true);
    });

    it('delivers events to subscribers and runs a whole application', async () => {
      const sessions: (SessionView | null)[] = [];
      const off = t.api.subscribe('session.changed', (s) => sessions.push(s));
      await new Promise((r) => setTimeout(r, 50));
      expect(await t.api.invoke('demo.placeCard', { id: 'resident-long-term' })).toEqual({
        ok: true,
        value: { placed: true },
      });
      await expect.poll(() => sessions.length).toBe(1);
      expect(sessions[0]!.maskedName).toBe('李*范');
      expect(sessions[0]!.maskedIdNumber).toMatch(/^4301\*{10}\d{3}[\dX]$/);

      const list = await t.api.invoke('catalog.list', {});
      expect(list.ok && list.value.services.length).toBeGreaterThanOrEqual(6);
      const form = await t.api.invoke('catalog.form', { serviceCode: 'YL-RZ' });
      expect(form.ok).toBe(true);
      const before = countTx();
      const submit = await t.api.invoke('tx.submit', {
        serviceCode: 'YL-RZ',
        values: { phone: '13800001234', residence_status: 'home', photo_taken: true },
        requestId: crypto.randomUUID(),
      });
      expect(submit).toMatchObject({ ok: true, value: { print: { printed: true } } });
      expect(countTx()).toBe(before + 1);

      expect(await t.api.invoke('session.end', {})).toEqual({ ok: true, value: { ended: true } });
      await expect.poll(() => sessions.at(-1)).toBeNull();
      off();
    });
  });
}

describe('WebSocket transport gate', () => {
  let host: TempHost;
  let http: HttpTransport;
  beforeAll(async () => {
    host = await startTempHost();
    http = await startHttpTransport({ dispatch: host.dispatch, bus: host.bus, rendererDir: host.dir });
  });
  afterAll(async () => {
    await http.close();
    await host.cleanup();
  });

  const tryConnect = (url: string, headers: Record<string, string> = {}) =>
    new Promise<'open' | 'refused'>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('error', () => resolve('refused'));
    });

  it('refuses a wrong or missing token', async () => {
    expect(await tryConnect(`ws://127.0.0.1:${http.port}/api/ws?token=wrong`)).toBe('refused');
    expect(await tryConnect(`ws://127.0.0.1:${http.port}/api/ws`)).toBe('refused');
  });

  it('refuses another origin even with the token, and a client that sends none', async () => {
    expect(
      await tryConnect(`ws://127.0.0.1:${http.port}/api/ws?token=${http.token}`, { Origin: 'http://evil.example' }),
    ).toBe('refused');
    expect(await tryConnect(`ws://127.0.0.1:${http.port}/api/ws?token=${http.token}`)).toBe('refused');
    expect(await tryConnect(`ws://127.0.0.1:${http.port}/api/ws?token=${http.token}`, { Origin: http.url })).toBe(
      'open',
    );
  });

  it('refuses a Host that is not our address (DNS rebinding), for the socket and the pages', async () => {
    expect(
      await tryConnect(`ws://127.0.0.1:${http.port}/api/ws?token=${http.token}`, {
        Origin: http.url,
        Host: `rebound.example:${http.port}`,
      }),
    ).toBe('refused');
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: http.port, path: '/healthz', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await status(`rebound.example:${http.port}`)).toBe(421);
    expect(await status(`127.0.0.1:${http.port}`)).toBe(200);
  });
});

describe('WebSocket token files (browser kiosk mode)', () => {
  it('writes the token and the launch page 0600 in a 0700 folder, and removes them on close', async () => {
    const host = await startTempHost();
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-launch-'));
    const launchDir = join(dir, 'kiosk');
    try {
      const http = await startHttpTransport({
        dispatch: host.dispatch,
        bus: host.bus,
        rendererDir: host.dir,
        launchDir,
      });
      expect(statSync(launchDir).mode & 0o777).toBe(0o700);
      for (const f of [http.tokenFile!, http.launchFile!]) expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(readFileSync(http.tokenFile!, 'utf8').trim()).toBe(http.token);
      expect(readFileSync(http.launchFile!, 'utf8')).toContain(`location.replace(${JSON.stringify(http.pageUrl)})`);
      await http.close();
      expect(() => statSync(http.tokenFile!)).toThrow();
      expect(() => statSync(http.launchFile!)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await host.cleanup();
    }
  });
});

describe('technician unlock over the WebSocket transport', () => {
  it('belongs to the connection that unlocked and ends when it disconnects', async () => {
    const host = await startTempHost();
    const http = await startHttpTransport({ dispatch: host.dispatch, bus: host.bus, rendererDir: host.dir });
    const open = async () => {
      const pipe = createWsPipe(
        `ws://127.0.0.1:${http.port}/api/ws?token=${http.token}`,
        (u) => new WebSocket(u, { origin: http.url }) as unknown as WebSocketLike,
      );
      await new Promise<void>((resolve) => pipe.onOpen(resolve));
      return { api: createKioskApi(createWireBridge(pipe)), close: () => pipe.close() };
    };
    try {
      const a = await open();
      const b = await open();
      expect(await a.api.invoke('tech.unlock', { pin: '000000' })).toEqual({ ok: true, value: { unlocked: true } });
      expect((await a.api.invoke('tech.status', {})).ok).toBe(true);
      expect(await b.api.invoke('tech.status', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      a.close();
      // Both ends of the unlock are in the hash-chained audit log.
      const recorded = (action: string, result: string) =>
        host.audit.entries().some((e) => e.action === action && e.result === result);
      await expect.poll(() => recorded('technician.lock', 'disconnected')).toBe(true);
      expect(recorded('technician.unlock', 'ok')).toBe(true);
      expect(host.audit.verify().broken).toBeNull();
      b.close();
    } finally {
      await http.close();
      await host.cleanup();
    }
  });

  it('counts and audits a too-short PIN as a wrong one instead of refusing it as a malformed call', async () => {
    const host = await startTempHost();
    try {
      const r = await host.dispatch('tech.unlock', { pin: '1234' });
      expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(
        host.audit.entries().filter((e) => e.action === 'technician.unlock_failed' && e.result === 'denied'),
      ).toHaveLength(1);
    } finally {
      await host.cleanup();
    }
  });
});
