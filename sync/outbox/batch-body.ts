import type { WireItem } from './types';

/**
 * The batch request body (protocol §3). The frozen JCS payload text is spliced in as is, so the
 * bytes the platform hashes are exactly the ones hashed at enqueue.
 */
export function buildBatchBody(batchId: string, items: readonly WireItem[]): Buffer {
  const parts = items.map((i) => {
    const head = JSON.stringify({
      seq: i.seq,
      tx_id: i.txId,
      kind: i.kind,
      service_code: i.serviceCode,
      catalog_version: i.catalogVersion,
    });
    const tail = JSON.stringify({
      payload_sha256: i.payloadSha256,
      attachments: i.attachments,
      depends_on: i.dependsOn,
      device_time: i.deviceTime,
      boot_id: i.bootId,
      clock: i.clock,
    });
    return `${head.slice(0, -1)},"payload":${i.payloadJcs},${tail.slice(1)}`;
  });
  return Buffer.from(`{"batch_id":${JSON.stringify(batchId)},"items":[${parts.join(',')}]}`, 'utf8');
}
