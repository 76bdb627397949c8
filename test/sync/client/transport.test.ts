import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { checkPlatformUrl, Transport, TransportError } from '../../../sync/client/transport';

const mono = () => performance.now();
const opts = { connectTimeoutMs: 300, progressTimeoutMs: 300, deadlineBaseMs: 5000, deadlineMinBytesPerS: 1_000_000 };

describe('Transport', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    while (closers.length) closers.pop()!();
  });

  it('accepts https anywhere and http only on loopback', () => {
    expect(checkPlatformUrl('https://gov.example.cn/api').host).toBe('gov.example.cn');
    expect(checkPlatformUrl('http://127.0.0.1:8787').port).toBe('8787');
    expect(checkPlatformUrl('http://[::1]:1').hostname).toBe('[::1]');
    expect(checkPlatformUrl('http://localhost:1').hostname).toBe('localhost');
    expect(() => checkPlatformUrl('http://10.0.0.2')).toThrow(/loopback/);
    expect(() => checkPlatformUrl('ftp://127.0.0.1')).toThrow(/scheme/);
  });

  it('gives up on a connection that never completes its handshake (connect timeout)', async () => {
    // Accepts TCP, never speaks TLS.
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => {
      sockets.forEach((s) => s.destroy());
      server.close();
    });
    const t = new Transport({ baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ...opts }, mono);
    closers.push(() => t.close());
    const t0 = performance.now();
    const e = await t.request({ method: 'GET', target: '/v1/ping', headers: {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('connect_timeout');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('drops a response that stops mid-body (progress watchdog) and keeps one connection alive otherwise', async () => {
    let stall = true;
    const ports = new Set<number>();
    const server = http.createServer((req, res) => {
      ports.add(req.socket.remotePort!);
      if (stall && req.url === '/slow') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        return; // never finishes
      }
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => {
      server.closeAllConnections();
      server.close();
    });
    const t = new Transport({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...opts }, mono);
    closers.push(() => t.close());
    for (let i = 0; i < 3; i++)
      expect((await t.request({ method: 'GET', target: '/fast', headers: {} })).body.toString()).toBe('ok');
    expect(ports.size).toBe(1);
    const e = await t.request({ method: 'GET', target: '/slow', headers: {} }).catch((x: unknown) => x);
    expect((e as TransportError).code).toBe('stalled');
    stall = false;
    expect((await t.request({ method: 'GET', target: '/fast', headers: {} })).status).toBe(200);
  });
});
