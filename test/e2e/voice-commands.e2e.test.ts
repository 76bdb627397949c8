import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import { MANDARIN, writeModel } from '../helpers/fake-vosk-model';
import { launchKioskPage } from './helpers/browser';
import { openTechnician } from './helpers/technician';
import { buildRenderer, startTerminal, type RunningTerminal } from './helpers/terminal';
import { connectFromNode } from './helpers/ws-client';

/**
 * 按住说话 against model folders that cannot work (no Mandarin model can be downloaded here): a
 * truncated folder is reported to the technician by `voice.status` and no button appears; a folder
 * that passes the host's check but cannot load in the page shows the button, which goes away when
 * vosk-browser, in its own frame, fetches and unpacks the model and fails to load it. Either way
 * the villager screens work as before by touch.
 */
const card = SAMPLE_CARDS[0]!;
let dir: string;
let browser: Browser;
let page: Page;

async function terminalWithModel(modelPath: string): Promise<RunningTerminal> {
  const config = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(config, JSON.stringify({ voice: { modelPath } }));
  return startTerminal({ CUNZHAN_CONFIG: config });
}

async function villagerStillWorks(url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('screen-home').waitFor();
  await page.getByTestId('demo-open').click();
  await page.getByTestId(`demo-card-${card.id}`).click();
  await page.getByTestId('screen-services').waitFor();
  await page.getByRole('button', { name: /^城乡居民医保参保登记/ }).click();
  await page.getByTestId('screen-form').waitFor();
}

describe('push-to-talk with unusable model folders (real terminal, Chromium)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cunzhan-voice-e2e-'));
    buildRenderer();
    ({ browser, page } = await launchKioskPage([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ]));
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a truncated model: voice.status names the problem in Chinese, no 按住说话, the villager path unchanged', async () => {
    const model = join(dir, 'truncated');
    writeModel(model, MANDARIN);
    rmSync(join(model, 'graph', 'Gr.fst'));
    const terminal = await terminalWithModel(model);
    try {
      const { api, close } = await connectFromNode(terminal.url);
      const status = await api.invoke('voice.status', {});
      close();
      expect(status).toMatchObject({ ok: true, value: { state: 'problem', code: 'voice_model_incomplete' } });
      if (status.ok && status.value.state === 'problem') expect(status.value.message).toContain('graph/Gr.fst');
      await villagerStillWorks(terminal.url);
      await expect(page.getByRole('button', { name: '按住说话' }).count()).resolves.toBe(0);

      // The technician screen says the same, with the fix.
      await page.goto(terminal.url);
      await openTechnician(page, '000000');
      const row = page.locator('[data-testid=tech-voice][data-state=problem]');
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('graph/Gr.fst');
    } finally {
      await terminal.stop();
    }
  });

  it('a model vosk cannot load: the frame fetches it under its own CSP, the button goes away, touch still works', async () => {
    const model = join(dir, 'unservable');
    mkdirSync(model);
    writeModel(model, MANDARIN);
    const terminal = await terminalWithModel(model);
    try {
      const { api, close } = await connectFromNode(terminal.url);
      await expect(api.invoke('voice.status', {})).resolves.toMatchObject({ ok: true, value: { state: 'ready' } });
      close();
      const seen: { url: string; status: number; csp: string }[] = [];
      page.on('response', (r) => {
        void r
          .allHeaders()
          .then((h) => seen.push({ url: r.url(), status: r.status(), csp: h['content-security-policy'] ?? '' }));
      });
      const evalErrors: string[] = [];
      page.on('console', (m) => {
        if (m.text().includes('EvalError')) evalErrors.push(m.text());
      });
      await page.goto(terminal.url);
      await page.getByTestId('screen-home').waitFor();
      const ptt = page.getByRole('button', { name: '按住说话' });
      await ptt.waitFor();
      const box = (await ptt.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await expect.poll(() => ptt.count(), { timeout: 60_000 }).toBe(0);
      await page.mouse.up();
      // The page keeps the strict policy; only the recognition frame may eval; the model came from our origin.
      const byPath = (path: string) => seen.find((r) => new URL(r.url).pathname === path);
      expect(byPath('/')?.csp).not.toContain("'unsafe-eval'");
      expect(byPath('/voice/recogniser.html')?.csp).toContain("'unsafe-eval'");
      expect(byPath('/voice/model.tar.gz')?.status).toBe(200);
      expect(evalErrors).toEqual([]);
      await villagerStillWorks(terminal.url);
    } finally {
      await terminal.stop();
    }
  });
});
