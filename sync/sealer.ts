/**
 * Encryption at rest for personal data, injected by the host (AES-256-GCM with `context` as
 * additional authenticated data). The context binds a sealed value to its place, so a payload
 * copied into another row fails to open.
 */
export interface Sealer {
  seal(plain: Uint8Array, context: string): Uint8Array;
  open(sealed: Uint8Array, context: string): Uint8Array;
}

export const sealContext = {
  payload: (txId: string): string => `sync.outbox.payload:${txId}`,
  blob: (sha256: string): string => `sync.blob:${sha256}`,
  privateKey: (): string => 'sync.identity.private_key',
  datasetValue: (dataset: string, key: string): string => `sync.dataset:${dataset}:${key}`,
};
