import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkVoiceModel } from '../../../main/services/voice-model';
import { ENGLISH, FST_MAGIC, MANDARIN, writeModel } from '../../helpers/fake-vosk-model';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cunzhan-voice-model-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkVoiceModel', () => {
  it('accepts a complete small Mandarin model (vocabulary in Gr.fst or in words.txt)', () => {
    writeModel(join(dir, 'a'), MANDARIN);
    writeModel(join(dir, 'b'), MANDARIN, { wordsTxt: true });
    for (const p of ['a', 'b']) {
      const r = checkVoiceModel(join(dir, p));
      expect(r.ok, p).toBe(true);
      if (r.ok) expect(r.value.bytes).toBeGreaterThan(8000);
    }
  });

  it('a missing folder (or a file where the folder should be) says where to unpack the model', () => {
    const r = checkVoiceModel(join(dir, 'nowhere'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('voice_model_missing');
      expect(r.error.message).toContain('voice.modelPath');
      expect(r.error.message).toContain('解压');
    }
    writeFileSync(join(dir, 'file'), 'x');
    expect(checkVoiceModel(join(dir, 'file'))).toMatchObject({ ok: false, error: { code: 'voice_model_missing' } });
  });

  it('a truncated copy (a file missing, empty, or cut inside its header) names the file', () => {
    writeModel(join(dir, 'm'), MANDARIN);
    rmSync(join(dir, 'm', 'graph/HCLr.fst'));
    expect(checkVoiceModel(join(dir, 'm'))).toMatchObject({ ok: false, error: { code: 'voice_model_incomplete' } });

    writeModel(join(dir, 'e'), MANDARIN);
    truncateSync(join(dir, 'e', 'am/final.mdl'), 0);
    const empty = checkVoiceModel(join(dir, 'e'));
    expect(empty).toMatchObject({ ok: false, error: { code: 'voice_model_incomplete' } });
    if (!empty.ok) expect(empty.error.message).toContain('am/final.mdl');

    writeModel(join(dir, 'h'), MANDARIN);
    truncateSync(join(dir, 'h', 'graph/Gr.fst'), 2);
    expect(checkVoiceModel(join(dir, 'h'))).toMatchObject({ ok: false, error: { code: 'voice_model_incomplete' } });
  });

  it('a model in another language is refused with a Chinese fix', () => {
    writeModel(join(dir, 'en'), ENGLISH);
    writeModel(join(dir, 'en2'), ENGLISH, { wordsTxt: true });
    for (const p of ['en', 'en2']) {
      const r = checkVoiceModel(join(dir, p));
      expect(r).toMatchObject({ ok: false, error: { code: 'voice_model_wrong_language' } });
      if (!r.ok) expect(r.error.message).toContain('普通话');
    }
  });

  it('a large model (HCLG.fst, no look-ahead graph) cannot take a grammar', () => {
    writeModel(join(dir, 'big'), MANDARIN);
    rmSync(join(dir, 'big', 'graph/HCLr.fst'));
    writeFileSync(join(dir, 'big', 'graph/HCLG.fst'), Buffer.concat([FST_MAGIC, Buffer.alloc(64)]));
    expect(checkVoiceModel(join(dir, 'big'))).toMatchObject({ ok: false, error: { code: 'voice_model_not_small' } });
  });
});
