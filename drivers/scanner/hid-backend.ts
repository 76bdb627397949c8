import type * as NodeHid from 'node-hid';

/**
 * The small part of node-hid the scanner driver needs, so a fake device can stand in for tests
 * and the demo. On Linux node-hid uses the hidraw back-end (its default since 0.7.0), the only
 * one that reports usagePage/usage, which HID POS detection relies on.
 */
export interface HidDeviceInfo {
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly usagePage?: number;
  readonly usage?: number;
  readonly interface?: number;
  readonly product?: string;
  readonly manufacturer?: string;
}

export interface HidHandle {
  on(event: 'data', listener: (report: Uint8Array) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  sendFeatureReport(data: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

/** The real back-end; node-hid is loaded on first use so pure code and tests never need it. */
export function nodeHidBackend(): HidBackend {
  let module: Promise<typeof NodeHid> | undefined;
  const load = (): Promise<typeof NodeHid> => (module ??= import('node-hid'));
  return {
    async devices() {
      const hid = await load();
      const list = await hid.devicesAsync();
      return list.flatMap((d) =>
        d.path
          ? [
              {
                path: d.path,
                vendorId: d.vendorId,
                productId: d.productId,
                ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
                ...(d.usage !== undefined ? { usage: d.usage } : {}),
                interface: d.interface,
                ...(d.product ? { product: d.product } : {}),
                ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
              },
            ]
          : [],
      );
    },
    async open(path) {
      const hid = await load();
      const device = await hid.HIDAsync.open(path);
      return {
        on(event: 'data' | 'error', listener: (value: never) => void) {
          device.on(event, listener as (value: unknown) => void);
        },
        async sendFeatureReport(data) {
          await device.sendFeatureReport([...data]);
        },
        async close() {
          device.removeAllListeners();
          await device.close();
        },
      } as HidHandle;
    },
  };
}
