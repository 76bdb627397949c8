import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckCharacter } from '../../../rules/citizen-id';
import { PlatformAdminClient, startPlatform } from '../../../sync/platform';
import { hashAgentIdNumber, hashAgentPin } from '../../../sync/platform/admin-api';
import { AgentSchema, type Agent } from '../../../sync/protocol/wire';

let platform: Awaited<ReturnType<typeof startPlatform>>;
let admin: PlatformAdminClient;
const ID = withCheckCharacter('43012119850612013');

beforeAll(async () => {
  platform = await startPlatform({ seed: false });
  admin = new PlatformAdminClient(platform.url, platform.adminToken);
});
afterAll(async () => platform?.close());

const record = (id: string, scope = '*'): Agent =>
  AgentSchema.parse(
    JSON.parse(
      (
        platform.db
          .prepare("SELECT value FROM datasets WHERE dataset = 'agents' AND key = ? AND scope = ?")
          .get(id, scope) as { value: string }
      ).value,
    ),
  );

describe('admin API: managing station agents', () => {
  it('publishes an agent with hashed ID number and PIN, and the station; stores neither in clear', async () => {
    await admin.publishAgents([
      { id: 'A1', name: '刘帮办', id_number: ID, pin: '135790', station_region: '430121100202' },
    ]);
    const a = record('A1');
    expect(a.id_hash).toBe(hashAgentIdNumber(ID, a.id_salt));
    expect(a.pin_hash).toBe(hashAgentPin('135790', a.pin_salt!));
    expect(a.station_region).toBe('430121100202');
    const all = JSON.stringify(platform.db.prepare('SELECT * FROM datasets').all());
    expect(all).not.toContain(ID);
    expect(all).not.toContain('135790');
  });

  it('refuses a PIN shorter than six digits', async () => {
    await expect(admin.publishAgents([{ id: 'A2', name: '周代办', id_number: ID, pin: '12345' }])).rejects.toThrow();
  });

  it('lists agents without hashes, deactivates and activates them, 404 for an unknown one', async () => {
    const { agents } = await admin.listAgents();
    expect(agents).toEqual([
      {
        id: 'A1',
        name: '刘帮办',
        roles: ['agent'],
        active: true,
        station_region: '430121100202',
        pin_set: true,
        device_id: null,
      },
    ]);
    expect(await admin.setAgentActive('A1', false)).toMatchObject({ active: false, records: 1 });
    expect(record('A1').active).toBe(false);
    expect(await admin.setAgentActive('A1', true)).toMatchObject({ active: true });
    expect(record('A1').active).toBe(true);
    await expect(admin.setAgentActive('nobody', false)).rejects.toThrow();
  });
});
