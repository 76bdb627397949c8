import type { VoiceStatus } from '../contract/voice-view';
import { checkVoiceModel } from '../services/voice-model';
import { packModelFolder } from '../services/voice-model-archive';

/**
 * The model folder is checked once, when the host starts (it reads the vocabulary, megabytes for
 * a real model); a technician who fixes the folder restarts the terminal, as the fix text says.
 */
export function voiceStatusOf(modelPath: string | undefined): VoiceStatus {
  if (modelPath === undefined) return { state: 'off' };
  const checked = checkVoiceModel(modelPath);
  return checked.ok
    ? { state: 'ready', modelBytes: checked.value.bytes }
    : { state: 'problem', code: checked.error.code, message: checked.error.message };
}

/** The model as served to the page: packed on the first request (it is read once), only when checked ready. */
export function voiceModelArchiveOf(modelPath: string | undefined): () => Buffer | null {
  let packed: Buffer | null | undefined;
  return () => {
    if (packed === undefined)
      packed =
        modelPath !== undefined && voiceStatusOf(modelPath).state === 'ready' ? packModelFolder(modelPath) : null;
    return packed;
  };
}
