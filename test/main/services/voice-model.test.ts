import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkVoiceModel } from '../../../main/services/voice-model';

const FST_MAGIC = Buffer.from([0xd6, 0xfd, 0xb2, 0x7e]);

/**
 * A folder laid out like vosk-model-small-cn-0.22 (no real model can be downloaded here): real
 * headers, filler bytes, and the vocabulary as the UTF-8 strings OpenFst keeps in Gr.fst's symbols.
 */
function writeModel(root: string, words: readonly string[], options: { wordsTxt?: boolean } = {}): void {
  const files: Record<string, Buffer> = {
    'am/final.mdl': Buffer.concat([Buffer.from('\0B<TransitionModel>', 'latin1'), Buffer.alloc(4096, 1)]),
    'conf/mfcc.conf': Buffer.from('--sample-frequency=16000\n--use-energy=false\n'),
    'conf/model.conf': Buffer.from('--min-active=200\n--max-active=3000\n--beam=10.0\n'),
    'graph/HCLr.fst': Buffer.concat([FST_MAGIC, Buffer.alloc(4096, 2)]),
    'graph/Gr.fst': Buffer.concat([
      FST_MAGIC,
      Buffer.alloc(256, 3),
      options.wordsTxt ? Buffer.alloc(0) : Buffer.from(words.join('\0'), 'utf8'),
    ]),
    'graph/phones/word_boundary.int': Buffer.from('1 nonword\n2 begin\n'),
    'ivector/final.ie': Buffer.alloc(512, 4),
  };
  if (options.wordsTxt) files['graph/words.txt'] = Buffer.from(words.map((w, i) => `${w} ${i}`).join('\n'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

const MANDARIN = ['<eps>', '!SIL', '[unk]', '是', '否', '确认', '返回', '下一步', '一', '二'];
const ENGLISH = ['<eps>', '!SIL', '[unk]', 'yes', 'no', 'confirm', 'back', 'next', 'one', 'two'];

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
