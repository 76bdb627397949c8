import type Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { err, ok } from '../../rules/result';
import type { Result } from '../../rules/result';
import { generateEd25519KeyPair, PLATFORM_KEY_SHA256_PATTERN, publicKeyToSpkiBase64 } from '../protocol/keys';
import { PlatformClient } from '../client/platform-client';
import { Transport, checkPlatformUrl } from '../client/transport';
import type { SyncConfig } from '../engine/config';
import type { SyncLogger } from '../logger';
import type { Sealer } from '../sealer';
import { saveIdentity } from './identity';

export interface EnrolOptions {
  /** One-time enrolment code from the county administrator. */
  readonly code: string;
  /** Overrides config.platformUrl; the URL enrolled with is kept for all later requests. */
  readonly platformUrl?: string;
  readonly station?: { readonly regionCode: string; readonly name: string };
  readonly hardware?: Record<string, unknown>;
  /** Replace an existing enrolment (a new device_id: only for a terminal being re-provisioned). */
  readonly force?: boolean;
  /**
   * `platform_key_sha256` from the enrolment code (hex SHA-256 of the platform key's SPKI DER):
   * the platform must present that key and sign its answer with it (protocol 1.1).
   */
  readonly platformKeySha256?: string;
}

export interface Enrolled {
  readonly deviceId: string;
  /** The URL enrolled with; all later requests go there. */
  readonly platformUrl: string;
}

export type EnrolResult = Result<Enrolled>;

const messages: Record<string, string> = {
  enrollment_code_used: '注册码已被使用，请向县级管理员申请新的注册码。',
  enrollment_code_unknown: '注册码无效，请核对后重试。',
  already_enrolled: '本终端已经注册。如需重新注册，请加 --force（会换新的设备编号）。',
  station_missing: '缺少站点信息：请提供 12 位区划代码和站点名称。',
  insecure_platform_url: '平台地址必须使用 https://（仅本机测试地址可用 http://）。',
  platform_key_sha256_invalid:
    '注册码中的平台公钥指纹格式不对（应为 64 位十六进制），请重新扫描注册二维码或向县级管理员核实。',
  platform_key_mismatch:
    '平台公钥与注册码中的指纹不符，已拒绝注册，未保存任何信息。请确认平台地址，或向县级管理员核实注册码。',
  platform_key_invalid: '平台返回的公钥无效，已拒绝注册，未保存任何信息。请联系县级管理员。',
  response_unverifiable: '无法确认平台应答的真实性（签名校验未通过），已拒绝注册，未保存任何信息。请检查网络后重试。',
};

/**
 * Provisioning: a fresh Ed25519 key pair, POST /v1/enroll (unsigned) with the one-time code, then
 * the device id, the platform's public key and our private key (sealed) are stored. The key is
 * stored only after the platform accepted it — and, when the code pins the platform key, only
 * after the answer proved to come from that key — so a failed attempt leaves nothing behind.
 */
export async function enrolDevice(
  args: EnrolOptions & {
    db: Database.Database;
    sealer: Sealer;
    config: SyncConfig;
    logger: SyncLogger;
    wallNow: () => number;
    monoNow: () => number;
    alreadyEnrolled: boolean;
    onServerTime: (serverTime: string, receivedWallMs: number, rttMs: number) => void;
    /** The estimated platform time (ms) for the answer's freshness check; null when none yet. */
    platformNowMs?: () => number | null;
  },
): Promise<EnrolResult> {
  if (args.alreadyEnrolled && !args.force) return err('already_enrolled', messages.already_enrolled!);
  const pin = args.platformKeySha256?.trim() || null;
  if (pin !== null && !PLATFORM_KEY_SHA256_PATTERN.test(pin))
    return err('platform_key_sha256_invalid', messages.platform_key_sha256_invalid!);
  const station = args.station ?? args.config.station;
  if (!station || !/^\d{12}$/.test(station.regionCode) || station.name.trim() === '') {
    return err('station_missing', messages.station_missing!);
  }
  const platformUrl = args.platformUrl ?? args.config.platformUrl;
  try {
    checkPlatformUrl(platformUrl);
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'platform_url_invalid';
    return err(code, messages[code] ?? (e as Error).message);
  }
  const transport = new Transport(
    {
      baseUrl: platformUrl,
      ...(args.config.caCertPath ? { caCertPath: args.config.caCertPath } : {}),
      connectTimeoutMs: args.config.connectTimeoutMs,
      progressTimeoutMs: args.config.progressTimeoutMs,
      deadlineBaseMs: args.config.deadlineBaseMs,
      deadlineMinBytesPerS: args.config.deadlineMinBytesPerS,
    },
    args.monoNow,
  );
  try {
    const keys = generateEd25519KeyPair();
    const publicKey = publicKeyToSpkiBase64(keys.publicKey);
    const client = new PlatformClient(transport, null, args.wallNow, args.platformNowMs);
    const res = await client.enrol(
      {
        enrollment_code: args.code,
        public_key: publicKey,
        station: { region_code: station.regionCode, name: station.name },
        hardware: args.hardware ??
          args.config.hardware ?? { hostname: hostname(), platform: process.platform, arch: process.arch },
      },
      pin,
    );
    if (!res.ok) {
      args.logger.warn({ code: res.error.code, status: res.error.status }, 'sync: enrolment refused');
      return err(res.error.code, messages[res.error.code] ?? res.error.message);
    }
    const answer = res.value.body;
    saveIdentity(args.db, args.sealer, {
      deviceId: answer.device_id,
      platformUrl,
      platformPublicKey: answer.platform_public_key,
      publicKeySpki: publicKey,
      privateKey: keys.privateKey,
      serverTime: answer.server_time,
      deviceTime: new Date(args.wallNow()).toISOString(),
    });
    args.onServerTime(answer.server_time, args.wallNow(), res.value.rttMs);
    args.logger.info({ device_id: answer.device_id }, 'sync: enrolled');
    return ok({ deviceId: answer.device_id, platformUrl });
  } finally {
    transport.close();
  }
}
