import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../drivers/idcard/cli';

describe('idcard simulate (training simulator)', () => {
  it('prints the host port and obeys commands until quit', async () => {
    const input = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    const done = runCli(['simulate'], { out: (l) => out.push(l), err: (l) => err.push(l), input });
    for (let i = 0; i < 100 && !out.some((l) => l.includes('主机端口')); i++)
      await new Promise((r) => setTimeout(r, 20));
    const port = /主机端口: (\S+)/.exec(out.join('\n'))?.[1];
    expect(port).toBeTruthy();

    input.write('place 2\n');
    for (let i = 0; i < 100 && !out.some((l) => l.startsWith('已放上')); i++)
      await new Promise((r) => setTimeout(r, 20));
    const readOut: string[] = [];
    const code = await runCli(['read', '--port', port!, '--json'], {
      out: (l) => readOut.push(l),
      err: (l) => readOut.push(l),
    });
    expect(code).toBe(0);
    expect(JSON.parse(readOut[0]!).card.cardType).toBe('resident');

    input.write('place nobody\n');
    input.write('quit\n');
    expect(await done).toBe(0);
    expect(err.join('\n')).toContain('没有这张示例证件');
  });
});
