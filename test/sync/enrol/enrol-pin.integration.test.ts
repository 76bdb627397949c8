// Protocol 1.1 enrolment: the code may pin the platform key (platform_key_sha256); the terminal
// then refuses another key and verifies the answer's signature before it stores anything.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentity } from '../../../sync/enrol/identity';
import { generateEd25519KeyPair, publicKeySha256Hex, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import type { RunningPlatform } from '../../../sync/platform/server';
import { makeTerminal, newCode, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { startReplayProxy } from '../replay-proxy';
import type { ReplayProxy } from '../replay-proxy';

describe('enrolment with a pinned platform key', () => {
  let platform: RunningPlatform;
  let proxy: ReplayProxy;
  let t: Terminal | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform();
    proxy = await startReplayProxy(platform.url);
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    proxy.mode = 'pass';
  });
  afterAll(async () => {
    await proxy.close();
    await platform.close();
  });

  it('enrols when the platform key matches the pin (either hex case) and its answer verifies', async () => {
    t = await makeTerminal(platform, { enrol: false });
    const pin = publicKeySha256Hex(platform.platformPublicKey).toUpperCase();
    const r = await t.engine.enrol({ code: await newCode(platform), platformKeySha256: pin });
    expect(r).toMatchObject({ ok: true });
    expect(
      loadIdentity(t.db, t.sealer)?.platformPublicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    ).toBe(platform.platformPublicKey);
    expect((await t.engine.syncNow()).ok).toBe(true);
  });

  it('refuses a platform whose key does not match the pin, and stores nothing', async () => {
    t = await makeTerminal(platform, { enrol: false });
    const otherKey = publicKeySha256Hex(publicKeyToSpkiBase64(generateEd25519KeyPair().publicKey));
    const r = await t.engine.enrol({ code: await newCode(platform), platformKeySha256: otherKey });
    expect(r).toMatchObject({ ok: false, error: { code: 'platform_key_mismatch' } });
    if (!r.ok) expect(r.error.message).toMatch(/平台公钥.*不符/);
    expect(loadIdentity(t.db, t.sealer)).toBeNull();
    expect(t.engine.status().link).toBe('unenrolled');
  });

  it('refuses a pinned enrolment whose answer is not signed (stripped on the way), and stores nothing', async () => {
    t = await makeTerminal(platform, { enrol: false, platformUrl: proxy.url });
    proxy.mode = 'strip';
    const r = await t.engine.enrol({
      code: await newCode(platform),
      platformKeySha256: publicKeySha256Hex(platform.platformPublicKey),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'response_unverifiable' } });
    expect(loadIdentity(t.db, t.sealer)).toBeNull();
  });

  it('without a pin, an unsigned (1.0-style) answer is still taken: the spec pins only when the code says so', async () => {
    t = await makeTerminal(platform, { enrol: false, platformUrl: proxy.url });
    proxy.mode = 'strip';
    expect(await t.engine.enrol({ code: await newCode(platform) })).toMatchObject({ ok: true });
  });

  it('refuses a malformed pin before contacting the platform', async () => {
    t = await makeTerminal(platform, { enrol: false });
    expect(await t.engine.enrol({ code: 'ANY-CODE', platformKeySha256: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'platform_key_sha256_invalid' },
    });
  });
});
