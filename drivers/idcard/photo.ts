/**
 * The card photo is 1024 bytes of proprietary wavelet-compressed "WLT" data (samples start with
 * ASCII "WLf"). Decoding it needs a licensed vendor library; none ships with cunzhan. A station
 * that has one plugs it in here (see docs/idcard-reader.md); run such binaries in a child process.
 */
export interface PhotoDecoder {
  /** Decode WLT bytes into an image (e.g. BMP or PNG bytes) or fail with a stable code. */
  decode(
    wlt: Uint8Array,
  ): Promise<{ ok: true; mime: string; bytes: Uint8Array } | { ok: false; code: string; message: string }>;
}

export function looksLikeWlt(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x57 && bytes[1] === 0x4c && bytes[2] === 0x66;
}

/** The default: no decoder is installed. */
export const noPhotoDecoder: PhotoDecoder = {
  async decode() {
    return { ok: false, code: 'photo_decoder_missing', message: '未安装证件照片解码组件，照片无法显示' };
  },
};
