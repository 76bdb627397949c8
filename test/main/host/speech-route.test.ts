import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTransport, type HttpTransport } from '../../../main/host/transports/http-server';
import { wavSeconds } from '../../../main/speech/wav-header';
import { startTempHost } from '../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;

/** The real host renders with espeak-ng and the HTTP transport serves the audio at the URL it answered. */
describe('voice.prepare and /speech/<key>.wav', () => {
  let host: TempHost;
  let http: HttpTransport;
  beforeAll(async () => {
    host = await startTempHost();
    http = await startHttpTransport({
      dispatch: host.dispatch,
      bus: host.bus,
      rendererDir: host.dir,
      speech: host.speech,
    });
  });
  afterAll(async () => {
    await http.close();
    await host.cleanup();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${http.url}${path}`, { headers });

  it('answers a same-origin URL that serves a WAV of the prompt', async () => {
    const r = await host.dispatch('voice.prepare', { text: '张*，您好。请选择要办理的事项。' });
    expect(r.ok).toBe(true);
    const url = (r as { value: { url: string } }).value.url;
    expect(url).toMatch(/^\/speech\/[0-9a-f]{64}\.wav$/);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wavSeconds(wav)).toBeGreaterThan(1);
  });

  it('answers byte ranges (media elements ask for them)', async () => {
    const r = await host.dispatch('voice.prepare', { text: '请核对信息，没有问题请按确认提交。' });
    const url = (r as { value: { url: string } }).value.url;
    const whole = Buffer.from(await (await get(url)).arrayBuffer());
    const part = await get(url, { range: 'bytes=0-43' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-43/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(0, 44));
    expect((await get(url, { range: `bytes=${whole.length}-` })).status).toBe(416);
  });

  it('serves nothing for keys it did not render, and nothing outside the cache', async () => {
    expect((await get(`/speech/${'0'.repeat(64)}.wav`)).status).toBe(404);
    expect((await get('/speech/name-key')).status).toBe(404);
    expect((await get('/speech/..%2fname-key')).status).toBe(404);
  });

  it('refuses texts that are empty or too long', async () => {
    expect((await host.dispatch('voice.prepare', { text: '' })).ok).toBe(false);
    expect((await host.dispatch('voice.prepare', { text: '长'.repeat(301) })).ok).toBe(false);
  });

  it('never writes the spoken text to the log', async () => {
    await host.dispatch('voice.prepare', { text: '李*芳，您好。' });
    expect(host.logLines.join('\n')).not.toContain('李*芳');
  });
});
