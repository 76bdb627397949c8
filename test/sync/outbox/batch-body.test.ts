import { describe, expect, it } from 'vitest';
import { buildBatchBody } from '../../../sync/outbox/batch-body';
import { BatchItemSchema, BatchRequestSchema, payloadSha256 } from '../../../sync/protocol';
import { canonicalJson } from '../../../sync/outbox/canonical';

describe('buildBatchBody', () => {
  it('is valid protocol JSON and carries the frozen payload text byte for byte', () => {
    const payload = { 名字: '王五', b: [1, 2.5, 1e21], a: { z: null, y: true } };
    const jcs = canonicalJson(payload);
    const body = buildBatchBody('9d7c1c39-4f3a-4b6b-8a8b-0c1d2e3f4a5b', [
      {
        seq: 7,
        txId: '0d0a4c1e-9a57-4c3f-9d8e-6f1b2a3c4d5e',
        kind: 'application',
        serviceCode: 'S001',
        catalogVersion: 2,
        payloadJcs: jcs,
        payloadSha256: payloadSha256(payload),
        attachments: [],
        dependsOn: null,
        deviceTime: '2001-01-01T00:00:00.000Z',
        bootId: 'b',
        clock: { offset_ms: null, age_s: null },
      },
    ]);
    const text = body.toString('utf8');
    expect(text).toContain(`"payload":${jcs},`);
    const parsed = BatchRequestSchema.parse(JSON.parse(text));
    const item = BatchItemSchema.parse(parsed.items[0]);
    expect(item.payload_sha256).toBe(payloadSha256(item.payload));
    expect(item).toMatchObject({
      seq: 7,
      kind: 'application',
      device_time: '2001-01-01T00:00:00.000Z',
      clock: { offset_ms: null, age_s: null },
    });
  });
});
