import type { DevicesView, FormView, ServiceSummary } from '../contract/views';
import { fieldView } from '../services/form-view';
import { failure, success } from '../contract/result';
import type { CatalogService } from '../services/catalog-service';
import { prefillDisplay } from '../services/prefill';
import { cardGapsMessage, checkPrefilledValues } from '../services/form-validation';
import { scanOutcome } from '../services/scan-router';
import { scannerStatus } from './devices';
import type { SessionService } from '../services/session-service';
import type { TechnicianService } from '../services/technician-service';
import type { TransactionService } from '../services/transaction-service';
import type { EvaluationService } from '../services/evaluation-service';
import type { MyApplicationsService } from '../services/my-applications';
import type { NoticeService } from '../services/notice-service';
import type { BundleService } from '../services/bundle-service';
import type { Config, TerminalMode } from './config';
import type { Devices } from './devices';
import type { Handlers } from './dispatcher';
import type { SyncWiring } from './sync-wiring';
import type { ReuseStore } from '../services/reuse-store';
import type { ApiResult } from '../contract/result';
import type { VoiceStatus } from '../contract/voice-view';
import type { AgentSessionService } from '../services/agent-session-service';
import type { AgentServeService } from '../services/agent-serve-service';
import { agentHandlers } from './agent-handlers';
import type { AgentQueueMethod } from './agent-queue-wiring';
import type { TechnicianTools } from './technician-tools';
import { speechUrl, type SpeechService } from '../speech/speech-service';

export interface HandlerDeps {
  readonly config: Config;
  readonly mode: TerminalMode;
  readonly version: string;
  readonly sessions: SessionService;
  readonly catalog: CatalogService;
  readonly transactions: TransactionService;
  readonly devices: Devices;
  readonly sync: SyncWiring;
  readonly technician: TechnicianService;
  readonly evaluations: EvaluationService;
  readonly myApplications: MyApplicationsService;
  readonly notices: NoticeService;
  readonly bundles: BundleService;
  /** 数据最多采一次: earlier answers offered on the form (absent: none offered). */
  readonly reuse?: ReuseStore;
  /** 删除我在本机留下的信息. */
  readonly forgetOwnData?: () => ApiResult<{ erased: number }>;
  readonly agents: AgentSessionService;
  readonly agentServe: AgentServeService;
  /** The agent's queue, corrections and day close (main/host/agent-queue-wiring.ts). */
  readonly agentQueue: Pick<Handlers, AgentQueueMethod>;
  /** Wizard, self-tests and diagnostics; absent in hosts built without them (some tests). */
  readonly tools?: TechnicianTools;
  /** The speech model's check, made once at start (voice-status.ts). */
  readonly voice: VoiceStatus;
  /** Present when the process around the host can restart it (HostOptions.onRestartRequested). */
  readonly restart?: (connectionId: string) => ApiResult<{ restarting: true }>;
  readonly speech: SpeechService;
}

const techLocked = () => failure('unauthorized', '请先输入技术员密码');
const noTools = () => failure('service_unavailable', '这台终端没有技术员工具');
const notDemo = () => failure('not_demo', '演示功能只在演示模式下可用');
const notProvisioned = () => failure('not_provisioned', '本终端还没有设置好，请联系技术员');

/** What a villager does; a terminal still in provisioning refuses all of it. */
const villagerMethods = [
  'session.current',
  'session.end',
  'catalog.list',
  'catalog.form',
  'tx.submit',
  'tx.progress',
  'tx.reprint',
  'scan.submit',
  'evaluation.reasons',
  'evaluation.get',
  'evaluation.submit',
  'myApplications.list',
  'notices.list',
  'catalog.bundleForm',
  'tx.submitBundle',
  'person.forget',
  'agent.signIn',
  'agent.assistSubmit',
  'agent.proxySubmit',
  'agent.stagePhoto',
] as const;

/** KioskApi method → service call. Arguments arrive already parsed by the dispatcher. */
export function createHandlers(d: HandlerDeps): Handlers {
  const handlers = serviceHandlers(d);
  if (d.mode !== 'provisioning') return handlers;
  const closed = { ...handlers };
  for (const m of villagerMethods) (closed as Record<string, unknown>)[m] = notProvisioned;
  // The wizard's camera reads the county's enrolment QR through the scan path: open to the technician only.
  closed['scan.submit'] = (args, caller) =>
    d.technician.authorised(caller.connectionId) ? handlers['scan.submit'](args, caller) : notProvisioned();
  return closed;
}

function serviceHandlers(d: HandlerDeps): Handlers {
  const voice = d.voice;
  return {
    'system.info': () =>
      success({
        stationName: d.config.station.name,
        version: d.version,
        demo: d.config.demo,
        mode: d.mode,
        idleTimeoutSec: d.config.ui.idleTimeoutSec,
        countdownSec: d.config.ui.countdownSec,
        hotline: d.config.station.hotline,
      }),
    'session.current': () => success(d.sessions.view()),
    'session.end': () => success({ ended: d.sessions.end() }),
    'catalog.list': () =>
      success({
        services: d.catalog.services().map(toSummary),
        bundles: d.catalog.bundles().map((b) => ({
          code: b.code,
          name: b.name,
          description: b.description,
          serviceNames: b.services.map((code) => d.catalog.service(code)?.name ?? code),
        })),
      }),
    'catalog.form': ({ serviceCode }) => {
      const service = d.catalog.service(serviceCode);
      if (!service) return failure('not_found', '没有找到这项业务，请返回重新选择');
      const form = d.catalog.form(service.form_id);
      if (!form) return failure('service_unavailable', '这项业务暂时不能办理，请找工作人员');
      const card = d.sessions.current?.identity ?? null;
      const offers = card && d.reuse ? d.reuse.offers(card.idNumber, form) : new Map<string, string>();
      // Refused when opened, before the villager fills anything the platform would reject later.
      const prefilled = card ? checkPrefilledValues(form, card, d.config.station) : null;
      if (prefilled && !prefilled.ok) return failure('card_lacks_field', cardGapsMessage(prefilled.gaps));
      const view: FormView = {
        serviceCode: service.code,
        serviceName: service.name,
        formId: form.id,
        version: form.version,
        fields: form.fields.map((f) => ({
          ...fieldView(f),
          ...(f.prefill && card ? { prefilledDisplay: prefillDisplay(f.prefill, card, d.config.station) } : {}),
          ...(offers.has(f.key) ? { reuseDisplay: offers.get(f.key) } : {}),
        })),
      };
      return success(view);
    },
    'tx.submit': (args) => d.transactions.submit(args),
    'tx.progress': ({ localNumber }, caller) => d.transactions.progress(localNumber, caller.connectionId),
    'tx.reprint': ({ localNumber }, caller) => d.transactions.reprint(localNumber, caller.connectionId),
    'scan.submit': (args) => {
      const scanned = d.devices.scanners.submit(args);
      return scanned.ok
        ? success(scanOutcome(scanned.value.code))
        : success({ kind: 'unrecognised', message: scanned.error.message });
    },
    'devices.status': () => {
      const view: DevicesView = {
        idcard: d.devices.idcard.status,
        printer: d.devices.printer.status,
        scanner: scannerStatus(d.devices),
      };
      return success(view);
    },
    'sync.status': () => success(d.sync.status()),
    'tech.unlock': ({ pin }, caller) => d.technician.unlock(caller.connectionId, pin),
    'tech.lock': (_args, caller) => d.technician.lock(caller.connectionId),
    'tech.status': (_args, caller) => d.technician.status(caller.connectionId),
    'tech.enrol': (args, caller) => d.technician.enrol(caller.connectionId, args),
    'tech.syncNow': (_args, caller) => d.technician.syncNow(caller.connectionId),
    'demo.cards': () => (d.config.demo ? success({ cards: d.devices.demo.cards() }) : notDemo()),
    'demo.placeCard': async ({ id }) =>
      d.config.demo ? success({ placed: await d.devices.demo.placeCard(id) }) : notDemo(),
    'demo.removeCard': async () =>
      d.config.demo ? success({ removed: await d.devices.demo.removeCard() }) : notDemo(),
    'demo.scan': ({ text }) => (d.config.demo ? success({ scanned: d.devices.demo.scan(text) }) : notDemo()),
    'demo.lastReceipt': () => (d.config.demo ? success(d.devices.demo.lastReceipt()) : notDemo()),
    'evaluation.reasons': () => success({ reasons: d.evaluations.reasons() }),
    'evaluation.get': ({ localNumber }, caller) => d.evaluations.get(localNumber, caller.connectionId),
    'evaluation.submit': (args, caller) => d.evaluations.submit(args, caller.connectionId),
    'myApplications.list': () => d.myApplications.list(),
    'notices.list': () => success(d.notices.list()),
    'catalog.bundleForm': ({ bundleCode }) => d.bundles.form(bundleCode),
    'tx.submitBundle': (args) => d.bundles.submit(args),
    'person.forget': () => (d.forgetOwnData ? d.forgetOwnData() : success({ erased: 0 })),
    'voice.status': () => success(voice),
    ...agentHandlers(d.agents, d.agentServe),
    ...d.agentQueue,
    'tech.discover': (args, caller) =>
      !d.technician.authorised(caller.connectionId) ? techLocked() : (d.tools?.discover(args) ?? noTools()),
    'tech.saveSetup': (args, caller) =>
      !d.technician.authorised(caller.connectionId) ? techLocked() : (d.tools?.saveSetup(args) ?? noTools()),
    'tech.restart': (_args, caller) =>
      !d.technician.authorised(caller.connectionId)
        ? techLocked()
        : d.restart
          ? d.restart(caller.connectionId)
          : failure('service_unavailable', '这台终端不能从屏幕上重启：请关机再开机'),
    'tech.selfTest': ({ test, text }, caller) =>
      !d.technician.authorised(caller.connectionId) ? techLocked() : (d.tools?.selfTest(test, text) ?? noTools()),
    'tech.diagExport': ({ mount }, caller) =>
      !d.technician.authorised(caller.connectionId) ? techLocked() : (d.tools?.diagExport(mount) ?? noTools()),
    'voice.prepare': async ({ text }) => {
      const key = await d.speech.prepare(text);
      return success({ url: key === null ? null : speechUrl(key) });
    },
  };
}

function toSummary(s: ReturnType<CatalogService['services']>[number]): ServiceSummary {
  return {
    code: s.code,
    name: s.name,
    category: s.category,
    description: s.description,
    offlineAllowed: s.offline_allowed,
    materials: s.materials.map((m) => (m.required ? m.name : `${m.name}（如有）`)),
    timeLimitDays: s.time_limit_days,
    proxyAllowed: s.proxy_allowed,
    fee: s.fee ?? null,
  };
}
