// Issue 15 item 1: the harness never races for ports. Many supervised platforms are started at
// once (far more than the machine's cores) and each is SIGKILLed and restarted a few times, as a
// fault run does; every incarnation must come up (no EADDRINUSE) and be reachable through its
// run's relay, whose port never changes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from './admin';
import { bundleEntry } from './bundle';
import { reliabilityCatalog } from './payloads';
import { supervisePlatform } from './platform-proc';
import { createRng } from './rng';
import { startTcpProxy } from './tcp-proxy';

const RUNS = Math.max(12, availableParallelism() * 4);
const RESTARTS = 3;

describe('platform processes of concurrent runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cz-ports-'));
  let bundle: string;
  beforeAll(async () => {
    bundle = await bundleEntry('test/reliability/harness/platform-main.ts');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${RUNS} runs at once, each platform killed and restarted ${RESTARTS} times: no EADDRINUSE, always reachable`, async () => {
    const seedPath = join(dir, 'catalog.json');
    writeFileSync(seedPath, JSON.stringify(reliabilityCatalog()));
    const problems: string[] = [];
    const stderr: string[] = [];
    const one = async (i: number): Promise<number> => {
      const proxy = await startTcpProxy({
        targetHost: '127.0.0.1',
        targetPort: 0,
        uploadBytesPerS: null,
        resetChance: 0,
        rng: createRng(i),
      });
      const platform = supervisePlatform({
        bundle,
        args: { dbPath: join(dir, `platform-${i}.db`), adminToken: `token-${i}`, seedPath },
        proxy,
        note: () => undefined,
        problem: (m) => problems.push(`run ${i}: ${m}`),
        startTimeoutMs: 60_000,
      });
      let reached = 0;
      try {
        await platform.proc.start();
        for (let k = 0; k <= RESTARTS; k++) {
          if (k > 0) {
            await platform.proc.kill(0);
            await platform.proc.settled();
          }
          // Through the relay, as the terminal reaches it.
          const health = await adminCall<{ ok: boolean }>(
            { url: `http://127.0.0.1:${proxy.port}`, token: `token-${i}` },
            'GET',
            '/admin/health',
          );
          if (health.ok) reached += 1;
        }
      } finally {
        stderr.push(...platform.proc.stderrTail);
        await platform.proc.stop();
        await proxy.close();
      }
      return reached;
    };
    const reached = await Promise.all(Array.from({ length: RUNS }, (_, i) => one(i)));
    expect(stderr.filter((l) => l.includes('EADDRINUSE'))).toEqual([]);
    expect(problems).toEqual([]);
    expect(reached).toEqual(Array.from({ length: RUNS }, () => RESTARTS + 1));
  }, 180_000);
});
