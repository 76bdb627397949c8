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
import type { Config, TerminalMode } from './config';
import type { Devices } from './devices';
import type { Handlers } from './dispatcher';
import type { SyncWiring } from './sync-wiring';
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
  readonly speech: SpeechService;
}

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
] as const;

/** KioskApi method → service call. Arguments arrive already parsed by the dispatcher. */
export function createHandlers(d: HandlerDeps): Handlers {
  const handlers = serviceHandlers(d);
  if (d.mode !== 'provisioning') return handlers;
  const closed = { ...handlers };
  for (const m of villagerMethods) (closed as Record<string, unknown>)[m] = notProvisioned;
  return closed;
}

function serviceHandlers(d: HandlerDeps): Handlers {
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
    'catalog.list': () => success({ services: d.catalog.services().map(toSummary) }),
    'catalog.form': ({ serviceCode }) => {
      const service = d.catalog.service(serviceCode);
      if (!service) return failure('not_found', '没有找到这项业务，请返回重新选择');
      const form = d.catalog.form(service.form_id);
      if (!form) return failure('service_unavailable', '这项业务暂时不能办理，请找工作人员');
      const card = d.sessions.current?.identity ?? null;
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
