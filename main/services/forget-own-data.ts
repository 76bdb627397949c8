import { failure, success, type ApiResult } from '../contract/result';
import type { Db } from '../store/database';
import type { AuditRecorder } from './audit-port';
import type { ReuseStore } from './reuse-store';
import type { SessionService } from './session-service';

/**
 * 删除我在本机留下的信息: the villager with their card in the reader erases the answers this
 * terminal kept for them to reuse. Applications not yet sent stay (the platform still needs
 * them); retention erases those later. The audit entry names no person, only how many went.
 */
export function forgetOwnData(deps: {
  readonly db: Db;
  readonly sessions: SessionService;
  readonly reuse: ReuseStore;
  readonly audit: AuditRecorder;
}): ApiResult<{ erased: number }> {
  const card = deps.sessions.current?.identity;
  if (!card) return failure('no_session', '请先刷身份证，再删除您留下的信息');
  const erased = deps.db.transaction(() => {
    const n = deps.reuse.forget(card.idNumber);
    deps.audit.record({
      actor: { role: 'villager', id: 'kiosk' },
      action: 'data.erase_own',
      object: `reuse_values=${n}`,
      result: 'ok',
    });
    return n;
  })();
  return success({ erased });
}
