import { batch, signal, type Signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type {
  EvaluationReasonView,
  EvaluationView,
  MyApplicationView,
  ProgressPushed,
} from '../../main/contract/villager-views';
import { MAX_EVALUATION_REASONS, REASON_REQUIRED_AT_OR_BELOW } from '../../main/contract/villager-views';
import type { SessionView } from '../../main/contract/views';
import { errorText, zhCN } from '../i18n/zh-CN';
import type { VoiceGuide } from '../voice/voice-guide';

/** The rating panel of one application (done or progress screen). */
export interface RatingState {
  readonly localNumber: string;
  /** Null until rated; the first rating stays (a second try shows it). */
  readonly saved: EvaluationView | null;
  /** Rated just now on this screen (thanks), or earlier (already). */
  readonly justNow: boolean;
}

/** The low-rating reason step, with the screen to return to. */
export interface ReasonStep {
  readonly localNumber: string;
  readonly level: number;
  readonly chosen: readonly string[];
}

export interface RecordsDeps {
  readonly api: KioskApi;
  readonly voice: VoiceGuide;
  readonly session: Signal<SessionView | null>;
  readonly notice: Signal<string | null>;
  /** Touch: resets the idle timer; a rating also stops the done screen's own countdown. */
  readonly activity: () => void;
  readonly stopDoneTimer: () => void;
  readonly showReasons: () => void;
  readonly showMyApplications: () => void;
  /** Back to the done or progress screen the reason step came from, without its prompt again. */
  readonly returnFromReasons: () => void;
}

/**
 * 好差评, 我的办件 and the progress push on the villager screens. State lives in signals so the
 * controller's clear-everything (home, idle timeout) drops it with the rest.
 */
export function createRecords(d: RecordsDeps) {
  const rating = signal<RatingState | null>(null);
  const reasons = signal<EvaluationReasonView[]>([]);
  const reasonStep = signal<ReasonStep | null>(null);
  const ratingBusy = signal(false);
  const applications = signal<MyApplicationView[] | null>(null);
  const page = signal(0);
  const pushed = signal<ProgressPushed | null>(null);

  const levelLabel = (level: number): string => zhCN.rating.levels[level] ?? String(level);

  /** Shows the rating panel for this receipt: faces, or the rating it already has. */
  async function loadRating(localNumber: string): Promise<void> {
    rating.value = null;
    const r = await d.api.invoke('evaluation.get', { localNumber });
    if (r.ok) rating.value = { localNumber, saved: r.value.rating, justNow: false };
  }

  async function save(localNumber: string, level: number, codes: readonly string[]): Promise<boolean> {
    ratingBusy.value = true;
    try {
      const r = await d.api.invoke('evaluation.submit', { localNumber, level, reasons: [...codes] });
      if (!r.ok) {
        d.notice.value = errorText(r.error);
        return false;
      }
      rating.value = { localNumber, saved: r.value.rating, justNow: !r.value.alreadyRated };
      const label = levelLabel(r.value.rating.level);
      d.voice.say(r.value.alreadyRated ? zhCN.rating.already(label) : zhCN.rating.thanks(label));
      return true;
    } finally {
      ratingBusy.value = false;
    }
  }

  /** A face tapped: high levels are saved at once, low ones ask why first. */
  async function rate(level: number): Promise<void> {
    const current = rating.value;
    if (!current || current.saved || ratingBusy.value) return;
    d.activity();
    d.stopDoneTimer();
    if (level > REASON_REQUIRED_AT_OR_BELOW) {
      await save(current.localNumber, level, []);
      return;
    }
    if (reasons.value.length === 0) {
      const r = await d.api.invoke('evaluation.reasons', {});
      if (r.ok) reasons.value = r.value.reasons;
    }
    reasonStep.value = { localNumber: current.localNumber, level, chosen: [] };
    d.showReasons();
  }

  function toggleReason(code: string): void {
    const step = reasonStep.value;
    if (!step) return;
    d.activity();
    const chosen = step.chosen.includes(code)
      ? step.chosen.filter((c) => c !== code)
      : step.chosen.length < MAX_EVALUATION_REASONS
        ? [...step.chosen, code]
        : step.chosen;
    reasonStep.value = { ...step, chosen };
  }

  async function submitReasons(): Promise<void> {
    const step = reasonStep.value;
    if (!step || step.chosen.length === 0 || ratingBusy.value) return;
    if (await save(step.localNumber, step.level, step.chosen)) {
      reasonStep.value = null;
      d.returnFromReasons();
    }
  }

  /** 不评价了: one tap, nothing saved, nothing asked again. */
  function skipReasons(): void {
    reasonStep.value = null;
    d.returnFromReasons();
  }

  async function openMyApplications(): Promise<void> {
    d.activity();
    d.notice.value = null;
    const r = await d.api.invoke('myApplications.list', {});
    if (!r.ok) {
      d.notice.value = errorText(r.error);
      return;
    }
    batch(() => {
      applications.value = r.value.applications;
      page.value = 0;
    });
    d.showMyApplications();
  }

  function turnPage(delta: number, pages: number): void {
    d.activity();
    page.value = Math.min(Math.max(0, page.value + delta), Math.max(0, pages - 1));
  }

  /** Only while a card is read: the news is the card holder's alone. */
  function onPushed(p: ProgressPushed): void {
    if (d.session.value === null) return;
    pushed.value = p;
    d.voice.say(zhCN.progressPushed.title(p.serviceName, zhCN.progress.status[p.status]));
  }

  function clear(): void {
    batch(() => {
      rating.value = null;
      reasonStep.value = null;
      applications.value = null;
      page.value = 0;
      pushed.value = null;
    });
  }

  return {
    state: { rating, reasons, reasonStep, ratingBusy, applications, page, pushed },
    levelLabel,
    loadRating,
    rate,
    toggleReason,
    submitReasons,
    skipReasons,
    openMyApplications,
    turnPage,
    onPushed,
    dismissPushed: () => {
      pushed.value = null;
    },
    clear,
  };
}

export type Records = ReturnType<typeof createRecords>;
