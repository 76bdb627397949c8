import { describe, expect, it } from 'vitest';
import { errorBody, errorStatus } from '../../../sync/protocol/errors';
import { payloadSha256 } from '../../../sync/protocol/jcs';
import {
  BatchItemSchema,
  BatchResponseSchema,
  ChangesPageSchema,
  EnrolRequestSchema,
  PATHS,
  UploadNumberSchema,
} from '../../../sync/protocol/wire';

describe('wire schemas', () => {
  const payload = { fields: { name: '王五' } };
  const item = {
    seq: 1,
    tx_id: '6f1c1f7e-0d7b-4f57-9d7e-3f1a2b3c4d5e',
    kind: 'application',
    service_code: 'YL-RZ',
    catalog_version: 1,
    payload,
    payload_sha256: payloadSha256(payload),
  };

  it('accepts a minimal application item and defaults attachments', () => {
    const parsed = BatchItemSchema.parse(item);
    expect(parsed.attachments).toEqual([]);
  });

  it('refuses bad hashes, unknown kinds and negative seqs', () => {
    expect(BatchItemSchema.safeParse({ ...item, payload_sha256: 'ABC' }).success).toBe(false);
    expect(BatchItemSchema.safeParse({ ...item, kind: 'payment' }).success).toBe(false);
    expect(BatchItemSchema.safeParse({ ...item, seq: -1 }).success).toBe(false);
    expect(BatchItemSchema.safeParse({ ...item, tx_id: 'has space' }).success).toBe(false);
  });

  it('checks enrolment region codes are 12 digits', () => {
    const ok = {
      enrollment_code: 'ABCD-1234',
      public_key: 'x'.repeat(60),
      station: { region_code: '430121104201', name: '某村' },
    };
    expect(EnrolRequestSchema.parse(ok).hardware).toEqual({});
    expect(EnrolRequestSchema.safeParse({ ...ok, station: { region_code: '4301', name: 'x' } }).success).toBe(false);
  });

  it('parses responses and upload numbers', () => {
    expect(
      BatchResponseSchema.parse({
        results: [{ seq: 1, tx_id: 't', status: 'applied', server_ref: 'S', code: null, message: null }],
        applied_through_seq: 1,
        server_time: '2026-01-01T00:00:00.000Z',
      }).results,
    ).toHaveLength(1);
    expect(
      ChangesPageSchema.safeParse({
        changes: [{ dataset: 'weather', op: 'upsert', key: 'k', value: 1, version: 1 }],
        next_cursor: 'c',
        has_more: false,
        server_time: 't',
      }).success,
    ).toBe(false);
    expect(UploadNumberSchema.parse('65536')).toBe(65536);
    expect(UploadNumberSchema.safeParse('-1').success).toBe(false);
    expect(UploadNumberSchema.safeParse('1e3').success).toBe(false);
  });

  it('maps error codes to statuses and permanence', () => {
    expect(errorStatus('batch_too_large')).toBe(413);
    expect(errorStatus('device_revoked')).toBe(403);
    expect(errorBody('cursor_expired', 'x')).toEqual({
      error: { code: 'cursor_expired', message: 'x', permanent: true },
    });
    expect(PATHS.batch('d 1')).toBe('/v1/devices/d%201/transactions:batch');
  });
});
