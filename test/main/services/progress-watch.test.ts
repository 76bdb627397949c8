import { describe, expect, it } from 'vitest';
import type { ProgressPushed } from '../../../main/contract/villager-views';
import type { OwnApplication } from '../../../main/services/my-applications';
import { ProgressWatch } from '../../../main/services/progress-watch';

const app = (txId: string, status: OwnApplication['status'], note: string | null = null): OwnApplication => ({
  txId,
  localNumber: `1234-5678-90${txId}`,
  serviceName: '高龄津贴申请',
  savedAt: '2026-12-01T08:00:00.000Z',
  status,
  note,
  rated: false,
});

function watchOver(initial: OwnApplication[] | null) {
  let own = initial;
  const pushed: ProgressPushed[] = [];
  const watch = new ProgressWatch({ ownApplications: () => own, publish: (p) => pushed.push(p) });
  return { watch, pushed, set: (next: OwnApplication[] | null) => (own = next) };
}

describe('ProgressWatch', () => {
  it('pushes a changed status or a new note of the card holder, once', () => {
    const w = watchOver([app('11', 'accepted'), app('12', 'accepted')]);
    w.watch.sessionChanged();
    w.set([app('11', 'completed'), app('12', 'accepted', '请补交材料')]);
    w.watch.statusesChanged();
    w.watch.statusesChanged();
    expect(w.pushed.map((p) => [p.localNumber, p.status])).toEqual([
      ['1234-5678-9011', 'completed'],
      ['1234-5678-9012', 'accepted'],
    ]);
  });

  it('stays quiet without a card, and does not announce what stood when the card was placed', () => {
    const w = watchOver(null);
    w.watch.sessionChanged();
    w.set([app('11', 'completed')]);
    w.watch.statusesChanged();
    w.watch.sessionChanged();
    w.watch.statusesChanged();
    expect(w.pushed).toEqual([]);
  });
});
