import { describe, expect, it } from 'vitest';
import { layoutReceipt } from '../../../drivers/printer/receipt-layout';
import { sampleReceipt } from './fixtures';

const text = (lines: ReturnType<typeof layoutReceipt>) => JSON.stringify(lines);

describe('receipt: who served on the villager’s behalf (issue #11)', () => {
  it('prints 帮办人 or 代办人 with the masked name and the agent id', () => {
    const assist = text(layoutReceipt(sampleReceipt({ agentName: '刘*办', agentId: 'A001', agentRole: 'assist' }), 58));
    expect(assist).toContain('帮 办 人');
    expect(assist).toContain('刘*办（工号A001）');
    const proxy = text(layoutReceipt(sampleReceipt({ agentName: '周*办', agentId: 'A002', agentRole: 'proxy' }), 80));
    expect(proxy).toContain('代 办 人');
    expect(proxy).toContain('周*办（工号A002）');
  });

  it('a self-service receipt has no agent line', () => {
    const self = text(layoutReceipt(sampleReceipt({ agentName: null }), 58));
    expect(self).not.toMatch(/办 人|代办人员/);
  });
});
