// The naive baseline of the drain benchmark: what a straightforward client does — one signed POST
// per transaction, uncompressed JSON, one keep-alive connection, wait for each answer (checked
// with the platform's signature, as the real client does) before the next. It enrols a device of
// its own with the same signing primitives as the terminal (sync/protocol).
//   argv[2] = JSON {platformUrl, caCertPath?, enrolCode, plan, count}
// Prints {"ev":"done","count":n,"ms":…,"bodyBytes":…} after the last acknowledgement.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { generateEd25519KeyPair, publicKeyFromSpkiBase64, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import { checkPlatformResponse, signOutgoingRequest } from '../../../sync/protocol/signed-request';
import { CATALOG_VERSION } from './payloads';
import { plannedItem } from './plan';
import type { RunPlan } from './plan';

interface Args {
  platformUrl: string;
  caCertPath?: string;
  enrolCode: string;
  plan: RunPlan;
  count: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const base = new URL(args.platformUrl);
const mod = base.protocol === 'https:' ? https : http;
const agent = new mod.Agent({
  keepAlive: true,
  maxSockets: 1,
  ...(args.caCertPath ? { ca: readFileSync(args.caCertPath) } : {}),
});

function send(
  method: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        method,
        hostname: base.hostname,
        port: base.port,
        path,
        agent,
        timeout: 60_000,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const keys = generateEd25519KeyPair();
const enrolBody = Buffer.from(
  JSON.stringify({
    enrollment_code: args.enrolCode,
    public_key: publicKeyToSpkiBase64(keys.publicKey),
    station: { region_code: '430124104203', name: '基线测试站' },
    hardware: {},
  }),
);
const enrolled = await send('POST', '/v1/enroll', enrolBody, { 'content-type': 'application/json' });
if (enrolled.status !== 201) throw new Error(`enrol failed: ${enrolled.status} ${enrolled.body.toString()}`);
const { device_id: deviceId, platform_public_key: platformKey } = JSON.parse(enrolled.body.toString()) as {
  device_id: string;
  platform_public_key: string;
};
const platformPublicKey = publicKeyFromSpkiBase64(platformKey);
const path = `/v1/devices/${encodeURIComponent(deviceId)}/transactions:batch`;
const url = new URL(path, base);

let bodyBytes = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < args.count; i++) {
  const item = plannedItem(args.plan, i);
  const body = Buffer.from(
    JSON.stringify({
      batch_id: randomUUID(),
      items: [
        {
          seq: i + 1,
          tx_id: item.txId,
          kind: 'application',
          service_code: item.serviceCode,
          catalog_version: CATALOG_VERSION,
          payload: item.payload,
          payload_sha256: item.payloadSha256,
          attachments: [],
          depends_on: null,
          device_time: new Date().toISOString(),
          boot_id: 'naive-baseline',
          clock: { offset_ms: null, age_s: null },
        },
      ],
    }),
  );
  const headers = signOutgoingRequest({
    method: 'POST',
    url,
    body,
    headers: { 'content-type': 'application/json' },
    privateKey: keys.privateKey,
    keyid: deviceId,
  });
  for (;;) {
    bodyBytes += body.length;
    const res = await send('POST', path, body, headers).catch(() => null);
    if (res?.status === 200) {
      const check = checkPlatformResponse({
        method: 'POST',
        url,
        requestHeaders: headers,
        status: res.status,
        responseHeaders: res.headers,
        rawBody: res.body,
        platformPublicKey,
      });
      if (check.ok) break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(`${JSON.stringify({ ev: 'done', count: args.count, ms, bodyBytes, deviceId })}\n`);
agent.destroy();
