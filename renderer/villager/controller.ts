import { batch, signal } from '@preact/signals';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { ErrorCode } from '../../main/contract/error-codes';
import type { CameraCode, QrCameraErrorCode } from '../camera/qr-camera';
import type {
  BundleSubmitResult,
  BundleSummary,
  DeviceName,
  FormView,
  ProgressView,
  ServiceSummary,
  SessionView,
  SubmitResult,
  SystemInfo,
} from '../../main/contract/views';
import { errorText, zhCN } from '../i18n/zh-CN';
import {
  applyHostErrors,
  back,
  chooseEarlier,
  currentField,
  dropEarlier,
  goToField,
  next,
  setValue,
  startForm,
  submittedValues,
  isReused,
  type FormProgress,
} from '../logic/form-steps';
import type { FormValue } from '../logic/form-value';
import { createIdleTimer, type IdleTimer } from '../logic/idle-timer';
import { newRequestId } from '../logic/uuid';
import { fieldPrompt } from '../voice/fixed-prompts';
import type { VoiceGuide } from '../voice/voice-guide';
import { createRecords } from './records-controller';
import { createNoticeBoard } from './notice-board';

export type Screen =
  | { name: 'home' }
  | { name: 'services' }
  | { name: 'form' }
  | { name: 'review' }
  | { name: 'done'; result: SubmitResult | BundleSubmitResult }
  | { name: 'progressEntry' }
  | { name: 'progress'; view: ProgressView }
  | { name: 'scan' }
  /** A low 好差评: which reasons (back: the done or progress screen it came from). */
  | { name: 'rateReasons'; back: Screen }
  | { name: 'myApplications' }
  | { name: 'notices' }
  | { name: 'notice' };

export interface VillagerOptions {
  /** True while the technician screen covers the villager screens: hardware scans are its own then. */
  readonly technicianOpen?: () => boolean;
  /** True while agent mode covers the villager screens: cards and scans are the agent screens' then. */
  readonly agentOpen?: () => boolean;
}

/** scan.submit takes at most this much text; longer codes are none of ours. */
const MAX_SCAN_TEXT = 4096;

/** Seconds the done screen stays before going home by itself. */
export const DONE_SCREEN_SEC = 15;
const DEFAULT_IDLE_SEC = 90;
/** Taps on 下一步/上一步 this soon after a step change, with no answer in between, are the second half of a double tap. */
export const STEP_GUARD_MS = 400;
const DEFAULT_COUNTDOWN_SEC = 30;

/**
 * All villager state lives here as signals, so that going home (or an idle timeout) can clear
 * every personal value in one place. Screens only read signals and call these actions.
 */
export function createVillagerController(api: KioskApi, voice: VoiceGuide, options: VillagerOptions = {}) {
  const screen = signal<Screen>({ name: 'home' });
  const info = signal<SystemInfo | null>(null);
  const session = signal<SessionView | null>(null);
  const services = signal<ServiceSummary[] | null>(null);
  /** 一件事一次办 bundles offered with the services. */
  const bundles = signal<BundleSummary[]>([]);
  const form = signal<FormProgress | null>(null);
  const requestId = signal<string | null>(null);
  const saving = signal(false);
  /** A message on the current screen (an error in plain Chinese), not a pop-up. */
  const notice = signal<string | null>(null);
  const busy = signal(false);
  const recovering = signal(false);
  /** Why the host refuses to start (it will not recover by itself), or null. */
  const recoveringReason = signal<ErrorCode | null>(null);
  const countdown = signal<number | null>(null);
  const doneLeft = signal<number | null>(null);
  const muted = signal(voice.muted);
  /** The last receipt number saved here: not personal (it only finds the record on this terminal), kept for the demo strip. */
  const lastLocalNumber = signal<string | null>(null);
  /** Bumped whenever personal data is cleared; views keyed on it drop their own local state. */
  const generation = signal(0);
  /** A camera code is with the host: the next one waits (the camera keeps decoding meanwhile). */
  const checkingScan = signal(false);
  /** The last text the camera reported: only a new code counts as someone at the kiosk. */
  let lastCameraText: string | null = null;
  const board = createNoticeBoard(api, voice);

  let doneTimer: ReturnType<typeof setInterval> | null = null;
  /** When the form last changed step: a double tap on 下一步 must not skip the next question. */
  let lastStepAt = -Infinity;
  const tooSoon = (): boolean => Date.now() - lastStepAt < STEP_GUARD_MS;
  const deviceHolds = new Map<DeviceName, () => void>();

  const idle: IdleTimer = createIdleTimer(DEFAULT_IDLE_SEC * 1000, DEFAULT_COUNTDOWN_SEC * 1000, {
    onCountdown(left) {
      if (countdown.value === null) voice.say(zhCN.idle.prompt);
      countdown.value = left;
    },
    onCountdownCancelled() {
      countdown.value = null;
    },
    onExpire() {
      countdown.value = null;
      void goHome();
    },
  });

  const stopDoneTimer = (): void => {
    if (doneTimer) clearInterval(doneTimer);
    doneTimer = null;
    doneLeft.value = null;
  };

  /** Shows a screen and speaks its prompt; every screen but home is watched for inactivity. */
  const show = (next: Screen): void => {
    stopDoneTimer();
    screen.value = next;
    if (next.name === 'home') idle.stop();
    else idle.start();
    voice.say(promptFor(next));
  };

  const promptFor = (s: Screen): string => {
    switch (s.name) {
      case 'home':
        return zhCN.home.prompt;
      case 'services':
        return zhCN.services.prompt(session.value?.maskedName ?? '');
      case 'form': {
        const f = form.value ? currentField(form.value) : undefined;
        if (!f) return zhCN.form.noFields;
        if (f.reuseDisplay && form.value && !isReused(form.value, f.id) && form.value.values[f.id] === undefined)
          return zhCN.reuse.prompt(f.label);
        return fieldPrompt(f);
      }
      case 'review':
        return zhCN.review.prompt;
      case 'done':
        if ('bundle' in s.result && s.result.print.printed)
          return zhCN.bundles.donePrompt(s.result.bundle.members.length) + zhCN.rating.invite;
        return (
          (s.result.print.printed ? zhCN.done.prompt(s.result.localNumber) : zhCN.done.notPrintedPrompt) +
          zhCN.rating.invite
        );
      case 'progressEntry':
        return zhCN.progressEntry.prompt;
      case 'progress':
        return zhCN.progress.prompt(s.view.serviceName, zhCN.progress.status[s.view.status]);
      case 'scan':
        return zhCN.scanScreen.prompt;
      case 'rateReasons':
        return zhCN.rating.reasonsPrompt(records.state.reasons.value.map((r) => r.label).join('、'));
      case 'myApplications':
        return zhCN.myApplications.prompt(records.state.applications.value?.length ?? 0);
      case 'notices':
        return zhCN.notices.prompt(board.state.notices.value.length);
      case 'notice':
        return zhCN.notices.openPrompt;
    }
  };

  const records = createRecords({
    api,
    voice,
    session,
    notice,
    activity: () => idle.activity(),
    stopDoneTimer,
    showReasons: () => {
      const from = screen.value;
      show({ name: 'rateReasons', back: from.name === 'rateReasons' ? from.back : from });
    },
    showMyApplications: () => show({ name: 'myApplications' }),
    returnFromReasons: () => {
      const s = screen.value;
      if (s.name === 'rateReasons') screen.value = s.back;
    },
  });

  /** Forgets everything personal: screen, session, answers, results. */
  const clearPersonal = (): void => {
    stopDoneTimer();
    records.clear();
    batch(() => {
      session.value = null;
      services.value = null;
      bundles.value = [];
      form.value = null;
      requestId.value = null;
      notice.value = null;
      countdown.value = null;
      generation.value += 1;
    });
  };

  async function goHome(): Promise<void> {
    if (saving.value) return; // a submit in flight finishes first; done screen then goes home
    const hadSession = session.value !== null;
    clearPersonal();
    show({ name: 'home' });
    if (hadSession) await api.invoke('session.end', {});
  }

  async function loadServices(): Promise<void> {
    const r = await api.invoke('catalog.list', {});
    if (r.ok) {
      services.value = r.value.services;
      bundles.value = r.value.bundles ?? [];
    } else notice.value = errorText(r.error);
  }

  function onSession(view: SessionView | null): void {
    if (options.agentOpen?.()) return;
    if (view === null) {
      // The done screen holds no personal data beyond the receipt number: let it finish.
      if (screen.value.name === 'done') {
        session.value = null;
        return;
      }
      if (
        screen.value.name !== 'home' &&
        screen.value.name !== 'progressEntry' &&
        screen.value.name !== 'progress' &&
        screen.value.name !== 'scan' &&
        screen.value.name !== 'notices' &&
        screen.value.name !== 'notice'
      ) {
        clearPersonal();
        show({ name: 'home' });
      }
      return;
    }
    if (saving.value) return;
    clearPersonal();
    session.value = view;
    show({ name: 'services' });
    void loadServices();
  }

  async function chooseService(code: string): Promise<void> {
    idle.activity();
    notice.value = null;
    const r = await api.invoke('catalog.form', { serviceCode: code });
    if (!r.ok) {
      notice.value = errorText(r.error);
      voice.say(notice.value); // e.g. what the card lacks: said as well as shown
      return;
    }
    openForm(r.value);
  }

  /** 一件事一次办: the combined form of a bundle, on the same form screen and steps as one service. */
  async function chooseBundle(code: string): Promise<void> {
    idle.activity();
    notice.value = null;
    const r = await api.invoke('catalog.bundleForm', { bundleCode: code });
    if (!r.ok) {
      notice.value = errorText(r.error);
      voice.say(notice.value);
      return;
    }
    openForm(r.value);
  }

  function openForm(view: FormView): void {
    form.value = startForm(view);
    if (form.value.asked.length === 0) enterReview();
    else show({ name: 'form' });
  }

  function answer(fieldId: string, value: FormValue): void {
    lastStepAt = -Infinity; // an answer in between means the next tap is deliberate
    if (form.value) form.value = setValue(form.value, fieldId, value);
  }

  function nextStep(): void {
    if (!form.value || tooSoon()) return;
    const before = form.value.index;
    const r = next(form.value);
    form.value = r.progress;
    if (r.done) {
      lastStepAt = Date.now();
      enterReview();
    } else if (r.progress.index !== before) {
      lastStepAt = Date.now();
      voice.say(promptFor({ name: 'form' }));
    }
  }

  function previousStep(): void {
    if (!form.value || tooSoon()) return;
    lastStepAt = Date.now();
    const r = back(form.value);
    if (r.left) {
      form.value = null;
      show({ name: 'services' });
      return;
    }
    form.value = r.progress;
    voice.say(promptFor({ name: 'form' }));
  }

  function enterReview(): void {
    // A fresh id per review screen: taps on this screen share it, so only one row is saved.
    requestId.value = newRequestId();
    notice.value = null;
    show({ name: 'review' });
  }

  /** 上一步 on the review screen: the last question again, or the service list if none was asked. */
  function reviewBack(): void {
    const f = form.value;
    if (!f || saving.value) return;
    const last = f.asked.at(-1);
    if (last) editField(last.id);
    else {
      form.value = null;
      show({ name: 'services' });
    }
  }

  function editField(fieldId: string): void {
    if (!form.value) return;
    form.value = goToField(form.value, fieldId);
    show({ name: 'form' });
  }

  async function submit(): Promise<void> {
    const f = form.value;
    const id = requestId.value;
    if (!f || !id || saving.value) return;
    saving.value = true;
    notice.value = null;
    const release = idle.hold();
    try {
      const r = f.form.bundleServices
        ? await api.invoke('tx.submitBundle', {
            bundleCode: f.form.serviceCode,
            values: submittedValues(f),
            requestId: id,
          })
        : await api.invoke('tx.submit', {
            serviceCode: f.form.serviceCode,
            values: submittedValues(f),
            requestId: id,
            ...(f.reused.length > 0 ? { reuse: [...f.reused] } : {}),
          });
      if (r.ok) {
        saving.value = false;
        showDone(r.value);
        return;
      }
      if (r.error.code === 'validation_failed' && r.error.fields) {
        const moved = applyHostErrors(f, r.error.fields);
        if (moved) {
          form.value = moved;
          saving.value = false;
          show({ name: 'form' });
          return;
        }
      }
      notice.value = errorText(r.error);
    } finally {
      saving.value = false;
      release();
    }
  }

  /** 使用上次填写的: one tap uses the earlier answer and goes on to the next question. */
  function useEarlierAnswer(fieldId: string): void {
    if (!form.value) return;
    form.value = chooseEarlier(form.value, fieldId);
    lastStepAt = -Infinity;
    nextStep();
  }

  /** 重新填写: the keyboard for this answer instead of the earlier one. */
  function retypeAnswer(fieldId: string): void {
    lastStepAt = -Infinity;
    if (form.value) form.value = dropEarlier(form.value, fieldId);
  }

  /** 删除我在本机留下的信息 (the card in the reader is the villager's own). */
  async function forgetOwnData(): Promise<void> {
    idle.activity();
    const r = await api.invoke('person.forget', {});
    notice.value = r.ok ? (r.value.erased > 0 ? zhCN.reuse.forgotten : zhCN.reuse.nothingKept) : errorText(r.error);
    voice.say(notice.value);
  }

  function showDone(result: SubmitResult | BundleSubmitResult): void {
    lastLocalNumber.value = result.localNumber;
    batch(() => {
      form.value = null;
      requestId.value = null;
      services.value = null;
    });
    show({ name: 'done', result });
    void records.loadRating(result.localNumber);
    doneLeft.value = DONE_SCREEN_SEC;
    const until = Date.now() + DONE_SCREEN_SEC * 1000;
    doneTimer = setInterval(() => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left > 0) doneLeft.value = left;
      else void goHome();
    }, 250);
  }

  /** From 我的办件 back to the service list of the same card. */
  function backToServices(): void {
    notice.value = null;
    show({ name: 'services' });
    if (services.value === null) void loadServices();
  }

  function openProgressEntry(): void {
    notice.value = null;
    show({ name: 'progressEntry' });
  }

  async function lookUpProgress(localNumber: string): Promise<void> {
    notice.value = null;
    const r = await api.invoke('tx.progress', { localNumber });
    if (r.ok) {
      show({ name: 'progress', view: r.value });
      records.clear();
      if (!r.value.detailsHidden) void records.loadRating(r.value.localNumber);
    } else {
      notice.value = errorText(r.error);
      if (screen.value.name !== 'progressEntry') show({ name: 'progressEntry' });
    }
  }

  function openScan(): void {
    notice.value = null;
    lastCameraText = null;
    show({ name: 'scan' });
  }

  /**
   * A code the camera decoded on the scan screen: the host says what it is (the same pipeline as
   * the hardware scanners, incl. the GB18030 fallback for raw bytes). A receipt opens its
   * progress; anything else (an enrolment code too: not for villagers) is said to be unknown and
   * the camera keeps scanning.
   */
  async function submitCameraCode(code: CameraCode): Promise<void> {
    if (screen.value.name !== 'scan' || checkingScan.value) return;
    // A receipt left lying in front of the camera is re-reported every few seconds; it must not
    // keep the screen (and the camera) open for ever, so only a different code is activity.
    if (code.text !== lastCameraText) idle.activity();
    lastCameraText = code.text;
    const unknown = (): void => {
      // Said once per wrong code, not again for every frame that shows the same code.
      if (notice.value !== zhCN.scan.unrecognised) voice.say(zhCN.scanScreen.unrecognisedVoice);
      notice.value = zhCN.scan.unrecognised;
    };
    if (code.text.length > MAX_SCAN_TEXT) {
      unknown();
      return;
    }
    checkingScan.value = true;
    try {
      const r = await api.invoke('scan.submit', {
        source: 'camera',
        text: code.text,
        ...(code.rawBytesBase64 !== null && code.rawBytesBase64.length <= 8192
          ? { bytesBase64: code.rawBytesBase64 }
          : {}),
      });
      if (screen.value.name !== 'scan') return; // left the screen meanwhile
      if (!r.ok) notice.value = errorText(r.error);
      else if (r.value.kind === 'receipt') await lookUpProgress(r.value.localNumber);
      else unknown();
    } finally {
      checkingScan.value = false;
    }
  }

  /** The camera could not be opened (or was pulled out): say so; 返回 and the hardware scanner still work. */
  function cameraFailed(code: QrCameraErrorCode): void {
    if (screen.value.name !== 'scan') return;
    voice.say(zhCN.cameraErrors[code]);
  }

  function holdFor(device: DeviceName, isBusy: boolean): void {
    const release = deviceHolds.get(device);
    if (isBusy && !release) deviceHolds.set(device, idle.hold());
    if (!isBusy && release) {
      release();
      deviceHolds.delete(device);
    }
    busy.value = deviceHolds.size > 0;
  }

  /** Station name etc. again, e.g. after the technician enrolled the terminal under a new name. */
  async function refreshInfo(): Promise<void> {
    const i = await api.invoke('system.info', {});
    if (i.ok) info.value = i.value;
  }

  /** 政务公开 from the home screen: the first page of the list, or straight to one notice (the urgent banner). */
  function openNotices(id?: string): void {
    notice.value = null;
    board.resetList();
    if (id === undefined) show({ name: 'notices' });
    else {
      board.openNotice(id);
      show({ name: 'notice' });
    }
  }

  function openNotice(id: string): void {
    idle.activity();
    board.openNotice(id);
    show({ name: 'notice' });
  }

  function closeNotice(): void {
    board.closeNotice();
    show({ name: 'notices' });
  }

  async function start(): Promise<void> {
    board.start();
    api.subscribe('session.changed', onSession);
    api.subscribe('progress.pushed', (p) => records.onPushed(p));
    api.subscribe('idcard.error', (e) => {
      if (screen.value.name === 'home') notice.value = e.message;
    });
    api.subscribe('host.recovering', (e) => {
      recovering.value = e.recovering;
      recoveringReason.value = e.recovering ? (e.reason ?? null) : null;
      // A new host may serve another station (重启终端 after the wizard): ask again who we are.
      if (!e.recovering) void refreshInfo();
    });
    api.subscribe('device.status', (e) => {
      if (e.device === 'idcard' || e.device === 'printer') holdFor(e.device, e.status.state === 'busy');
    });
    api.subscribe('scan.result', (s) => {
      if (options.technicianOpen?.() || options.agentOpen?.()) return;
      idle.activity();
      // Mid-form a stray scan must not throw the answers away.
      if (saving.value || screen.value.name === 'form' || screen.value.name === 'review') return;
      if (s.kind === 'receipt') void lookUpProgress(s.localNumber);
      else {
        notice.value = s.kind === 'enrolment' ? zhCN.scan.enrolment : zhCN.scan.unrecognised;
        voice.say(notice.value);
      }
    });
    show({ name: 'home' });
    // The host may still be starting: keep asking, the home screen works meanwhile.
    for (let attempt = 0; ; attempt += 1) {
      const i = await api.invoke('system.info', {});
      if (i.ok) {
        info.value = i.value;
        idle.configure(i.value.idleTimeoutSec * 1000, i.value.countdownSec * 1000);
        break;
      }
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
    }
    const current = await api.invoke('session.current', {});
    if (current.ok && current.value) onSession(current.value);
  }

  return {
    state: {
      screen,
      info,
      session,
      services,
      bundles,
      form,
      requestId,
      saving,
      notice,
      busy,
      recovering,
      recoveringReason,
      countdown,
      doneLeft,
      muted,
      lastLocalNumber,
      generation,
      checkingScan,
    },
    records,
    start,
    goHome,
    chooseService,
    chooseBundle,
    answer,
    nextStep,
    previousStep,
    editField,
    reviewBack,
    submit,
    useEarlierAnswer,
    retypeAnswer,
    forgetOwnData,
    openProgressEntry,
    backToServices,
    lookUpProgress,
    openScan,
    refreshInfo,
    notices: board,
    openNotices,
    openNotice,
    closeNotice,
    submitCameraCode,
    cameraFailed,
    activity: () => idle.activity(),
    keepGoing: () => idle.activity(),
    repeatPrompt: () => voice.repeat(),
    toggleMute: () => {
      voice.setMuted(!voice.muted);
      muted.value = voice.muted;
    },
    idlePhase: () => idle.phase,
  };
}

export type VillagerController = ReturnType<typeof createVillagerController>;
