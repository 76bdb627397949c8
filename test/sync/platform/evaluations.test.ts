import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { payloadSha256 } from '../../../sync/protocol/jcs';
import { appItem, startHarness } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;

beforeEach(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterEach(async () => {
  await h.close();
});

const evaluation = (seq: number, payload: Record<string, unknown>, dependsOn: string) =>
  appItem(seq, {
    kind: 'evaluation',
    service_code: null,
    catalog_version: null,
    payload,
    payload_sha256: payloadSha256(payload),
    depends_on: dependsOn,
  });

describe('admin API: evaluations (好差评)', () => {
  it('lists the evaluations one station sent, with level, reasons, channel and the rated application; a second one is not stored', async () => {
    const a = appItem(1);
    const b = appItem(2);
    const low = { level: 1, reasons: ['slow'], channel: 'self' };
    const r = await dev.batch([
      a,
      b,
      evaluation(3, { level: 5, channel: 'agent' }, a.tx_id),
      evaluation(4, low, b.tx_id),
      evaluation(5, { level: 3, channel: 'self' }, a.tx_id),
    ]);
    expect(r.result.results.map((x) => x.code ?? x.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'already_evaluated',
    ]);

    const listed = await h.admin.listEvaluations(dev.deviceId);
    expect(listed.map(({ depends_on, level, reasons, channel }) => ({ depends_on, level, reasons, channel }))).toEqual([
      { depends_on: a.tx_id, level: 5, reasons: [], channel: 'agent' },
      { depends_on: b.tx_id, level: 1, reasons: ['slow'], channel: 'self' },
    ]);
    expect(listed.every((e) => /^PJ/.test(e.server_ref))).toBe(true);

    const other = await h.enrol();
    expect(await h.admin.listEvaluations(other.deviceId)).toEqual([]);
  });
});
