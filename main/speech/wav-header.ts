/**
 * espeak-ng writes its WAV to a pipe before it knows the length, so the RIFF and data sizes say
 * 0x7ffff000-ish. Chromium then reports a duration of hours. The sizes are set from the bytes we
 * actually got. Returns null when the bytes are not a PCM WAV with its data chunk at the end.
 */
export function fixWavSizes(wav: Buffer): Buffer | null {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return null;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    if (id === 'data') {
      const out = Buffer.from(wav);
      out.writeUInt32LE(out.length - 8, 4);
      out.writeUInt32LE(out.length - offset - 8, offset + 4);
      return out;
    }
    offset += 8 + wav.readUInt32LE(offset + 4);
  }
  return null;
}

/** Seconds of audio in a fixed-up PCM WAV (for tests and the bench). */
export function wavSeconds(wav: Buffer): number {
  const byteRate = wav.readUInt32LE(28);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const size = wav.readUInt32LE(offset + 4);
    if (wav.toString('ascii', offset, offset + 4) === 'data') return size / byteRate;
    offset += 8 + size;
  }
  return 0;
}
