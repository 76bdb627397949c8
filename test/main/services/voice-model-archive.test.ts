import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packModelFolder } from '../../../main/services/voice-model-archive';
import { MANDARIN, writeModel } from '../../helpers/fake-vosk-model';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cunzhan-voice-archive-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('packModelFolder', () => {
  it('makes a tar.gz that GNU tar unpacks to the same files under one top folder', () => {
    const model = join(dir, 'vosk-model-small-cn-0.22');
    writeModel(model, MANDARIN);
    const archive = join(dir, 'model.tar.gz');
    writeFileSync(archive, packModelFolder(model));
    const list = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toContain('vosk-model-small-cn-0.22/graph/Gr.fst');
    const out = join(dir, 'out');
    expect(spawnSync('mkdir', [out]).status).toBe(0);
    expect(spawnSync('tar', ['-xzf', archive, '-C', out]).status).toBe(0);
    for (const f of ['am/final.mdl', 'graph/Gr.fst', 'graph/phones/word_boundary.int'])
      expect(readFileSync(join(out, 'vosk-model-small-cn-0.22', f)).equals(readFileSync(join(model, f)))).toBe(true);
  });
});
