import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FST_MAGIC = Buffer.from([0xd6, 0xfd, 0xb2, 0x7e]);

/**
 * A folder laid out like vosk-model-small-cn-0.22 (no real model can be downloaded here): real
 * headers, filler bytes, and the vocabulary as the UTF-8 strings OpenFst keeps in Gr.fst's symbols.
 */
export function writeModel(root: string, words: readonly string[], options: { wordsTxt?: boolean } = {}): void {
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

export const MANDARIN = ['<eps>', '!SIL', '[unk]', '是', '否', '确认', '返回', '下一步', '一', '二'];
export const ENGLISH = ['<eps>', '!SIL', '[unk]', 'yes', 'no', 'confirm', 'back', 'next', 'one', 'two'];
