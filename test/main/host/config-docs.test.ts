import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../main/host/config';
import { syncEngineKnobsSchema } from '../../../sync/engine/config';
import { schemaKeyPaths, tableKeys } from '../../helpers/schema-keys';

const doc = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');

/** Rows that document a whole object point to another document for its keys. */
const documentedElsewhere: Record<string, string> = {
  'devices.printer.settings': 'receipt-printer.md',
  'devices.scanner.settings': 'scanners.md',
  'sync.engine': 'sync.md',
};

describe('the configuration table in docs/operations.md', () => {
  const schemaKeys = schemaKeyPaths(configSchema);
  const documented = tableKeys(doc('operations.md'), '| key | default | meaning |');

  it('documents every key of the schema (or the object it belongs to)', () => {
    const leaves = schemaKeys.filter((k) => !schemaKeys.some((other) => other.startsWith(`${k}.`)));
    const undocumented = leaves.filter((k) => !documented.some((d) => k === d || k.startsWith(`${d}.`)));
    expect(undocumented).toEqual([]);
  });

  it('documents no key the schema does not have', () => {
    expect(documented.filter((d) => !schemaKeys.includes(d))).toEqual([]);
  });

  it('documents objects wholesale only where another document has their keys', () => {
    const objectRows = documented.filter((d) => schemaKeys.some((k) => k.startsWith(`${d}.`)));
    expect(objectRows.sort()).toEqual(Object.keys(documentedElsewhere).sort());
  });

  it('reads the idcard reader its own settings', () => {
    for (const k of ['port', 'baudRate', 'pollIntervalMs', 'readFingerprint', 'readAppendedAddress'])
      expect(schemaKeys).toContain(`devices.idcard.${k}`);
  });
});

describe('the knob table in docs/sync.md', () => {
  it('lists exactly the knobs sync.engine accepts', () => {
    const knobs = schemaKeyPaths(syncEngineKnobsSchema);
    const documented = tableKeys(doc('sync.md'), '| knob | default | meaning |').filter(
      (k) => !['platformUrl', 'caCertPath', 'station', 'hardware'].includes(k),
    );
    expect(documented.sort()).toEqual(knobs.sort());
  });
});
