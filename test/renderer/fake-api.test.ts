import { describe, expect, it } from 'vitest';
import { fakeApi, ok } from './fake-api';

describe('the scripted KioskApi used by renderer tests', () => {
  it('passes on answers that fit the contract', async () => {
    const { api } = fakeApi({ 'session.end': () => ok({ ended: true }) });
    await expect(api.invoke('session.end', {})).resolves.toEqual({ ok: true, value: { ended: true } });
  });

  it('refuses a scripted answer the real host could never give', async () => {
    const { api } = fakeApi({ 'session.end': () => ok({ ended: 'yes' }) });
    await expect(api.invoke('session.end', {})).rejects.toThrow(/session\.end breaks the contract/);
    const { api: api2 } = fakeApi({
      'session.end': () => ({ ok: false, error: { code: 'no_such_code' as never, message: '' } }),
    });
    await expect(api2.invoke('session.end', {})).rejects.toThrow(/breaks the contract/);
  });
});
