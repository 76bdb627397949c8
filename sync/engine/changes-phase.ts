import type { DatasetStore } from '../changes/dataset-store';
import { bareFailure } from '../client/errors';
import type { SyncFailure } from '../client/errors';
import type { PlatformClient } from '../client/platform-client';
import type { SyncLogger } from '../logger';

export interface ChangesPhaseDeps {
  readonly datasets: DatasetStore;
  readonly pageLimit: number;
  readonly log: SyncLogger;
  /** A verified answer's signed server time and the round trip it took (clock offset). */
  readonly onServerTime: (serverTime: string, rttMs: number) => void;
  readonly onPage: (serverTime: string) => void;
}

/**
 * Downloads reference data page by page while `has_more`; each page and its cursor are committed
 * together. A 410 (cursor expired) starts again from scratch, at most twice per call.
 */
export async function pullChanges(
  deps: ChangesPhaseDeps,
  client: PlatformClient,
): Promise<{ applied: number; failure?: SyncFailure }> {
  let applied = 0;
  let restarts = 0;
  for (;;) {
    const res = await client.changes(deps.datasets.cursor(), deps.pageLimit);
    if (!res.ok) {
      if (res.error.status === 410 && restarts < 2) {
        restarts++;
        deps.log.warn({ code: res.error.code }, 'sync: changes cursor expired, downloading all datasets again');
        deps.datasets.restartFromScratch();
        continue;
      }
      return { applied, failure: bareFailure(res.error) };
    }
    const answer = res.value.body;
    deps.onServerTime(answer.server_time, res.value.rttMs);
    const page = deps.datasets.applyPage(answer.changes, answer.next_cursor, answer.has_more);
    applied += page.applied;
    deps.onPage(answer.server_time);
    if (!answer.has_more) return { applied };
  }
}
