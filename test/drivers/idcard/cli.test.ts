import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../drivers/idcard/cli';
import { LINK_FAILURES_PER_PLACEMENT } from '../../../drivers/idcard/read-retries';
import { IdCardSimulator } from '../../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../../drivers/sim/pty-pair';
import { sampleCard } from '../../../drivers/sim/sample-cards';

let pair: PtyPair;
let sim: IdCardSimulator;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cunzhan-cli-'));
  chmodSync(dir, 0o755); // lets the unprivileged run below reach the link
  pair = await PtyPair.open({ dir });
  sim = new IdCardSimulator({ pair });
  await sim.open();
});

afterEach(async () => {
  await sim.close();
  await pair.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('idcard CLI', () => {
  it('status shows the SAM state and its serial number', async () => {
    const r = await cli('status', '--port', pair.hostPath);
    expect(r.code).toBe(0);
    expect(r.out).toContain('安全模块(SAM): 正常');
    expect(r.out).toMatch(/SAM 编号: \d{2}\.\d{2}-\d{8}-\d{10}-\d{10}/);
    const j = await cli('status', '--port', pair.hostPath, '--json', '--baud', '115200');
    expect(JSON.parse(j.out)).toMatchObject({ ok: true, sam: 'ok', baudRate: 115200 });
  });

  it('read prints the card masked by default', async () => {
    const card = sampleCard('resident-twenty-years');
    sim.placeCard(card);
    const r = await cli('read', '--port', pair.hostPath);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`证件号码: ${card.idNumber.slice(0, 4)}**********${card.idNumber.slice(-4)}`);
    expect(r.out).toContain('姓名: 王*试');
    expect(r.out).not.toContain(card.idNumber);
    expect(r.out).not.toContain(card.name);
    expect(r.out).not.toContain(card.address!);
  });

  it('read --unmasked --json shows everything, photo and fingerprints only as sizes', async () => {
    const card = sampleCard('resident-rare-character');
    sim.placeCard(card);
    const r = await cli('read', '--port', pair.hostPath, '--unmasked', '--json', '--fingerprint');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(parsed.card).toMatchObject({
      name: '赵𠈌䶮',
      idNumber: card.idNumber,
      photoBytes: 1024,
      fingerprintBytes: 0,
    });
  });

  it('read reports a missing card', async () => {
    const r = await cli('read', '--port', pair.hostPath);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[no_card\].*读卡区没有证件/);
  });

  it('read --wait picks up a card placed meanwhile', async () => {
    setTimeout(() => sim.placeCard(sampleCard('foreign-permanent-2017')), 400);
    const r = await cli('read', '--port', pair.hostPath, '--wait', '3', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).card.cardType).toBe('foreign_permanent_2017');
  });

  it('read reports a SAM fault that a reset does not clear', async () => {
    sim.setSamError(0x60);
    const r = await cli('read', '--port', pair.hostPath);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[sam_self_test_failed]');
    expect(sim.log).toContain('10 FF');
  });

  it('read retries one corrupted answer like the driver and reports the retry', async () => {
    sim.placeCard(sampleCard('resident-long-term'));
    sim.corruptNext('read', 1);
    const r = await cli('read', '--port', pair.hostPath);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/重试 1 次后读成功（checksum_errors）/);
    expect(r.out).toContain('证件号码:');
    sim.corruptNext('read', 2);
    const j = await cli('read', '--port', pair.hostPath, '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ ok: true, retriedAfter: ['checksum_errors', 'checksum_errors'] });
  });

  it("read gives up on checksum failures after the driver's link budget", async () => {
    sim.placeCard(sampleCard('resident-long-term'));
    sim.corruptNext('read', LINK_FAILURES_PER_PLACEMENT);
    const r = await cli('read', '--port', pair.hostPath);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`读了 ${LINK_FAILURES_PER_PLACEMENT} 次都失败`);
    expect(r.err).toMatch(/\[checksum_errors\].*USB线/);
    sim.corruptNext('read', LINK_FAILURES_PER_PLACEMENT);
    const j = await cli('read', '--port', pair.hostPath, '--json');
    expect(JSON.parse(j.out)).toMatchObject({
      ok: false,
      error: { code: 'checksum_errors' },
      failedAttempts: Array(LINK_FAILURES_PER_PLACEMENT).fill('checksum_errors'),
    });
  });

  it('reports a missing port', async () => {
    const r = await cli('read', '--port', join(dir, 'nothing-here'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('[port_missing]');
  });

  it('reports a device that does not answer', async () => {
    const file = join(dir, 'not-a-reader');
    writeFileSync(file, '');
    const r = await cli('status', '--port', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\[(open_failed|no_answer)\]/);
  });

  it('reports permission denied with the dialout/udev fix', () => {
    // Run the CLI as an unprivileged user against the real pty (owned by root, not world-writable).
    const asNobody = process.getuid?.() === 0;
    let port = pair.hostPath;
    if (!asNobody) {
      port = join(dir, 'locked');
      writeFileSync(port, '');
      chmodSync(port, 0o000);
    }
    // The CLI module (and tsx, serialport's binding) load as root; privileges are dropped just
    // before the port is opened, so the test works wherever the checkout lives (a 0700 temp dir
    // is not readable by nobody).
    const script = `import(${JSON.stringify(resolve('drivers/idcard/cli.ts'))}).then(async (m) => {
      if (${asNobody}) { process.setgroups([]); process.setgid(65534); process.setuid(65534); }
      const code = await m.runCli(['read', '--port', ${JSON.stringify(port)}], { out: console.log, err: console.error });
      process.exit(code);
    });`;
    const cmd = [process.execPath, '--import', 'tsx', '-e', script];
    const run = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('[permission_denied]');
    expect(run.stderr).toContain('dialout');
    expect(run.stderr).toContain('SUBSYSTEM=="tty"');
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('read')).code).toBe(2);
    expect((await cli('read', '--port', pair.hostPath, '--baud', '1234')).code).toBe(2);
    expect((await cli('frobnicate', '--port', pair.hostPath)).code).toBe(2);
    expect((await cli('read', '--port', pair.hostPath, '--wait', 'soon')).code).toBe(2);
    expect((await cli('watch', '--port', pair.hostPath, '--poll', 'fast')).code).toBe(2);
    expect((await cli('--help')).code).toBe(0);
  });

  it('watch prints one card per placement and a removal, until aborted', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const done = runCli(['watch', '--port', pair.hostPath, '--json', '--poll', '300'], {
      out: (l) => lines.push(l),
      err: () => undefined,
      signal: controller.signal,
    });
    const waitFor = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(() => lines.some((l) => l.includes('"ready"')));
    sim.placeCard(sampleCard('hk-mo-tw-residence'));
    await waitFor(() => lines.some((l) => l.includes('"card"')));
    await new Promise((r) => setTimeout(r, 700));
    sim.removeCard();
    await waitFor(() => lines.some((l) => l.includes('"removed"')));
    controller.abort();
    expect(await done).toBe(0);
    const events = lines.map((l) => JSON.parse(l).event);
    expect(events.filter((e) => e === 'card')).toHaveLength(1);
    expect(events.filter((e) => e === 'removed')).toHaveLength(1);
    const card = JSON.parse(lines.find((l) => l.includes('"card"'))!).card;
    expect(card.idNumber).toMatch(/^8100\*{10}\d{3}[\dX]$/);
  });
});
