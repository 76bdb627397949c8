import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunningPlatform } from '../../../sync/platform/server';
import { admin, newCode, startTestPlatform } from '../harness';

/**
 * kill -9 of the terminal at random moments (seeded), with lost acknowledgements on top: every
 * transaction the terminal committed reaches the platform exactly once.
 */
describe('terminal killed with SIGKILL while saving and syncing', () => {
  let platform: RunningPlatform;
  let dir: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-kill-'));
  });
  afterAll(async () => {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing and duplicates nothing', async () => {
    const dbPath = join(dir, 'store.db');
    const code = await newCode(platform);
    const key = randomBytes(32).toString('hex');
    const total = 400;
    platform.faults.set({ endpoints: ['batch'], seed: 5, drop_after_commit_rate: 0.25 });
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const run = (killAfterMs: number | null) =>
      new Promise<'killed' | 'drained'>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'test/sync/engine/fixtures/terminal-child.ts',
            dbPath,
            platform.url,
            code,
            key,
            String(total),
          ],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.on('exit', (codeOrNull, signal) => {
          if (timer) clearTimeout(timer);
          if (signal === 'SIGKILL') resolve('killed');
          else if (codeOrNull === 0 && out.includes('drained')) resolve('drained');
          else reject(new Error(`terminal exited ${codeOrNull} ${signal}`));
        });
      });
    let kills = 0;
    for (let i = 0; i < 6; i++) {
      const r = await run(500 + Math.floor(rand() * 1000));
      if (r === 'killed') kills++;
    }
    platform.faults.clear();
    expect(await run(null)).toBe('drained');
    console.log(`kill test: ${kills} kills, lost acks fired ${platform.faults.fired.drop_after_commit}`);
    expect(kills).toBeGreaterThanOrEqual(2);

    const db = new Database(dbPath, { readonly: true });
    const local = db.prepare('SELECT tx_id FROM host_tx').all() as { tx_id: string }[];
    const outbox = db.prepare("SELECT tx_id, server_ref FROM sync_outbox WHERE state = 'acked'").all() as {
      tx_id: string;
      server_ref: string;
    }[];
    db.close();
    expect(local).toHaveLength(total);
    const remote = (
      await admin<{ transactions: { tx_id: string; server_ref: string }[] }>(
        platform,
        'GET',
        '/admin/transactions?limit=100000',
      )
    ).transactions;
    const remoteIds = remote.map((t) => t.tx_id);
    expect(new Set(remoteIds).size).toBe(remoteIds.length);
    expect(new Set(remoteIds)).toEqual(new Set(local.map((l) => l.tx_id)));
    const refs = new Map(remote.map((t) => [t.tx_id, t.server_ref]));
    expect(outbox).toHaveLength(total);
    for (const o of outbox) expect(o.server_ref).toBe(refs.get(o.tx_id));
  }, 60_000);
});
