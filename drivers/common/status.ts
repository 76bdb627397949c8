/** Every driver publishes its status as this small closed union (docs/architecture.md, Drivers). */
export type DeviceStatus =
  | { readonly state: 'disconnected' }
  | { readonly state: 'ready' }
  | { readonly state: 'busy' }
  | { readonly state: 'fault'; readonly code: string; readonly message: string };

export function sameStatus(a: DeviceStatus, b: DeviceStatus): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'fault' && b.state === 'fault') return a.code === b.code;
  return true;
}
