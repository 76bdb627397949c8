import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '../../../sync/platform/server';
import type { RunningPlatform } from '../../../sync/platform/server';
import { createSyncEngine } from '../../../sync/engine/engine';
import { fastTimings } from '../harness';
import { openTestDb, testSealer } from '../helpers';
import { syntheticApplication } from '../synthetic';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A test CA and a server certificate for 127.0.0.1 signed by it; plus an unrelated CA. */
function makePki(dir: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=cunzhan test CA',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'other.key',
      '-out',
      'other.pem',
      '-days',
      '2',
      '-subj',
      '/CN=other CA',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'srv.key',
      '-out',
      'srv.csr',
      '-subj',
      '/CN=127.0.0.1',
    ],
    dir,
  );
  writeFileSync(
    join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'srv.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'srv.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    ],
    dir,
  );
}

describe('https with a pinned CA', () => {
  let dir: string;
  let platform: RunningPlatform;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-pki-'));
    makePki(dir);
    platform = await startPlatform({
      seed: true,
      tls: { cert: readFileSync(join(dir, 'srv.pem')), key: readFileSync(join(dir, 'srv.key')) },
    });
  });
  afterAll(async () => {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs over TLS when the platform CA is pinned, and refuses a platform the pinned CA did not sign', async () => {
    expect(platform.url.startsWith('https://')).toBe(true);
    const admin = async (path: string, body: unknown) => {
      // The admin API is only for the test: reach it with the test CA too.
      const { request } = await import('node:https');
      return new Promise<string>((resolve, reject) => {
        const req = request(
          `${platform.url}${path}`,
          {
            method: 'POST',
            ca: readFileSync(join(dir, 'ca.pem')),
            headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    };
    const code = (JSON.parse(await admin('/admin/enrollment-codes', { count: 1 })) as { codes: string[] }).codes[0]!;

    const wrong = openTestDb();
    const refused = createSyncEngine({
      db: wrong.db,
      sealer: testSealer(),
      config: { platformUrl: platform.url, caCertPath: join(dir, 'other.pem'), ...fastTimings },
    });
    const r0 = await refused.enrol({ code });
    expect(r0).toMatchObject({ ok: false, error: { code: 'tls' } });
    await refused.stop();
    wrong.close();

    const t = openTestDb();
    const engine = createSyncEngine({
      db: t.db,
      sealer: testSealer(),
      config: { platformUrl: platform.url, caCertPath: join(dir, 'ca.pem'), ...fastTimings },
    });
    try {
      expect(await engine.enrol({ code })).toMatchObject({ ok: true });
      const a = engine.outbox.enqueue({
        kind: 'application',
        serviceCode: 'DB-SQ',
        catalogVersion: 1,
        payload: syntheticApplication(7),
      });
      expect(await engine.syncNow()).toMatchObject({ ok: true, acked: 1 });
      expect(engine.outbox.get(a.txId)?.serverRef).toBeTruthy();
    } finally {
      await engine.stop();
      t.close();
    }
  });
});
