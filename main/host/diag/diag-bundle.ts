import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { create } from 'tar';
import { redactPersonalData, totalHits, type PersonalDataKind } from '../../../rules/personal-data-scan';
import { err, ok, type Result } from '../../../rules/result';
import type { DiagEntry } from './diag-entries';

export interface DiagReport {
  readonly file: string;
  readonly files: readonly string[];
  /** Hits replaced, per kind, over all files (the manifest lists them per file). */
  readonly redacted: Readonly<Record<PersonalDataKind, number>>;
}

export type DiagCode = 'diag_write_failed' | 'diag_not_clean';

/**
 * Writes the diagnostics bundle (`.tar.gz`). Every file is scanned first for check-valid ID numbers,
 * mobile numbers and the given personal strings; each hit is REDACTED (replaced by a marker naming
 * the kind), counted in manifest.json, and the result scanned again: anything still found refuses
 * the bundle. Written to a temporary file beside the target and renamed, so a pulled USB stick
 * never leaves a half bundle under the final name.
 */
export async function writeDiagBundle(
  out: string,
  entries: readonly DiagEntry[],
  personal: readonly string[],
  meta: Record<string, unknown>,
): Promise<Result<DiagReport, DiagCode>> {
  const total: Record<PersonalDataKind, number> = { id_number: 0, phone: 0, name: 0 };
  const files: { name: string; text: string; redacted: Record<PersonalDataKind, number> }[] = [];
  for (const e of entries) {
    const r = redactPersonalData(e.text, personal);
    if (totalHits(redactPersonalData(r.text, personal)) > 0)
      return err('diag_not_clean', `诊断包中的 ${e.name} 无法完全去除个人信息，所以没有生成。`);
    for (const k of Object.keys(total) as PersonalDataKind[]) total[k] += r.hits[k];
    files.push({ name: e.name, text: r.text, redacted: { ...r.hits } });
  }
  const manifest = {
    ...meta,
    personal_data: '身份证号、手机号和本机保存的姓名/地址已替换为 [已隐去:…] 标记；下表是每个文件替换的次数',
    files: files.map((f) => ({ name: f.name, bytes: Buffer.byteLength(f.text), redacted: f.redacted })),
  };
  const manifestText = redactPersonalData(`${JSON.stringify(manifest, null, 2)}\n`, personal);
  if (totalHits(manifestText) > 0) return err('diag_not_clean', '诊断包的清单含有个人信息，所以没有生成。');

  const stage = mkdtempSync(join(tmpdir(), 'cunzhan-diag-'));
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    const names = ['manifest.json', ...files.map((f) => f.name)];
    writeFileSync(join(stage, 'manifest.json'), manifestText.text, { mode: 0o600 });
    for (const f of files) {
      mkdirSync(dirname(join(stage, f.name)), { recursive: true, mode: 0o700 });
      writeFileSync(join(stage, f.name), f.text, { mode: 0o600 });
    }
    await create({ gzip: true, file: temp, cwd: stage, portable: true }, names);
    const fd = openSync(temp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, out);
    return ok({ file: out, files: names, redacted: total });
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    return err(
      'diag_write_failed',
      `诊断包写不进 ${dirname(out)}（${code}）：请检查 U 盘是否插好、是否写保护、空间是否足够`,
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
