import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBuilderArgs } from '../../scripts/package';

describe('npm run package arguments', () => {
  it('builds the yml targets for Linux with the pinned Electron and a local distribution', () => {
    expect(electronBuilderArgs(['--electron-dist=rel/electron'], '39.8.10')).toEqual([
      '--linux',
      '--config',
      'electron-builder.yml',
      '-c.electronVersion=39.8.10',
      `-c.electronDist=${path.resolve('rel/electron')}`,
    ]);
  });

  it('builds only the unpacked app with --dir and passes other options through', () => {
    expect(electronBuilderArgs(['--dir', '-c.npmRebuild=false'], '39.8.10')).toEqual([
      '--linux',
      'dir',
      '--config',
      'electron-builder.yml',
      '-c.electronVersion=39.8.10',
      '-c.npmRebuild=false',
    ]);
  });
});
