import { closeSync, openSync, readSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../rules/result';

/**
 * Checks a Vosk model folder before the kiosk offers 按住说话, so that a missing, half-copied or
 * wrong model is a clear message on the technician screen and in the log (never a villager's
 * problem: without a usable model the button is simply not there).
 *
 * A model usable with a grammar needs the small-model layout (a look-ahead graph, `HCLr.fst` and
 * `Gr.fst`); a large model's `HCLG.fst` cannot take a runtime grammar.
 */
export type VoiceModelErrorCode =
  'voice_model_missing' | 'voice_model_incomplete' | 'voice_model_not_small' | 'voice_model_wrong_language';

export interface VoiceModelInfo {
  readonly path: string;
  /** Total bytes of the files checked (what the page will download from our origin). */
  readonly bytes: number;
}

/** Files a small Vosk model has, with the first bytes each must start with ('' = any). */
const REQUIRED: readonly (readonly [string, Buffer])[] = [
  // Kaldi binary objects start with "\0B"; the acoustic model with its transition model.
  ['am/final.mdl', Buffer.from('\0B<TransitionModel>', 'latin1')],
  ['conf/mfcc.conf', Buffer.alloc(0)],
  ['conf/model.conf', Buffer.alloc(0)],
  // OpenFst's magic number 2125659606, little-endian.
  ['graph/HCLr.fst', Buffer.from([0xd6, 0xfd, 0xb2, 0x7e])],
  ['graph/Gr.fst', Buffer.from([0xd6, 0xfd, 0xb2, 0x7e])],
  ['graph/phones/word_boundary.int', Buffer.alloc(0)],
];

/** Words every Mandarin vocabulary has; a model without them cannot hear our commands. */
const MANDARIN_PROBES = ['确认', '返回', '是'];

const FIX = {
  voice_model_missing: (p: string) =>
    `没有找到语音模型文件夹 ${p}。请把中文语音模型（如 vosk-model-small-cn-0.22）解压到这个位置，或者改正配置 voice.modelPath，然后重新启动。`,
  voice_model_incomplete: (p: string, file: string) =>
    `语音模型 ${p} 不完整或已损坏（${file}）。请重新解压完整的模型文件夹，然后重新启动。`,
  voice_model_not_small: (p: string) =>
    `语音模型 ${p} 是大模型，不能用于按住说话。请改装中文小模型（名字里带 small，如 vosk-model-small-cn-0.22）。`,
  voice_model_wrong_language: (p: string) =>
    `语音模型 ${p} 不是普通话模型。请改装中文模型（名字里带 cn，如 vosk-model-small-cn-0.22）。`,
};

function startsWith(file: string, prefix: Buffer): boolean {
  if (prefix.length === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(prefix.length);
    return readSync(fd, head, 0, prefix.length, 0) === prefix.length && head.equals(prefix);
  } finally {
    closeSync(fd);
  }
}

function sizeOf(file: string): number | null {
  try {
    const st = statSync(file);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/**
 * The vocabulary is `graph/words.txt` when the model has one, else the output symbol table that
 * OpenFst stores as plain strings inside `Gr.fst`; either way the words are UTF-8 text we can search.
 */
function hasMandarinWords(path: string): boolean {
  const words = join(path, 'graph/words.txt');
  const text = sizeOf(words) !== null ? readFileSync(words) : readFileSync(join(path, 'graph/Gr.fst'));
  return MANDARIN_PROBES.every((w) => text.includes(Buffer.from(w, 'utf8')));
}

export function checkVoiceModel(path: string): Result<VoiceModelInfo, VoiceModelErrorCode> {
  try {
    if (!statSync(path).isDirectory()) return err('voice_model_missing', FIX.voice_model_missing(path));
  } catch {
    return err('voice_model_missing', FIX.voice_model_missing(path));
  }
  if (sizeOf(join(path, 'graph/HCLG.fst')) !== null && sizeOf(join(path, 'graph/HCLr.fst')) === null)
    return err('voice_model_not_small', FIX.voice_model_not_small(path));
  let bytes = 0;
  for (const [name, prefix] of REQUIRED) {
    const file = join(path, name);
    const size = sizeOf(file);
    // A file cut off at copy time is often empty or shorter than its own header.
    if (size === null || size === 0 || size < prefix.length || !startsWith(file, prefix))
      return err('voice_model_incomplete', FIX.voice_model_incomplete(path, name));
    bytes += size;
  }
  if (!hasMandarinWords(path)) return err('voice_model_wrong_language', FIX.voice_model_wrong_language(path));
  return ok({ path, bytes });
}
