import type { Logger } from 'pino';
import type { DeviceStatus } from '../../drivers/common/status';
import { FakeIdCardReader } from '../../drivers/idcard/fake';
import type { IdCardSource, IdentityCard } from '../../drivers/idcard/identity';
import { IdCardReader } from '../../drivers/idcard/driver';
import { FakeReceiptPrinter } from '../../drivers/printer/fake';
import type { ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import { FakeScanner } from '../../drivers/scanner/fake';
import { createScannerHub } from '../../drivers/scanner/config';
import { ScannerHub } from '../../drivers/scanner/hub';
import { IdCardSimulator } from '../../drivers/sim/idcard-simulator';
import type { SimCard } from '../../drivers/sim/idcard-encoder';
import { PtyPair } from '../../drivers/sim/pty-pair';
import { SAMPLE_CARDS } from '../../drivers/sim/sample-cards';
import type { Config } from './config';

/** Presenter controls of the demo terminal (simulated hardware only). */
export interface DemoControls {
  cards(): { id: string; label: string }[];
  placeCard(id: string): Promise<boolean>;
  removeCard(): Promise<boolean>;
  scan(text: string): boolean;
  lastReceipt(): { transcript: string; pngBase64: string | null } | null;
}

export interface Devices {
  readonly idcard: IdCardSource;
  readonly printer: ReceiptPrinter;
  /** Every scanner (hardware, demo) behind one classifying hub; the camera submits into it too. */
  readonly scanners: ScannerHub;
  readonly demo: DemoControls;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** What the fake reader hands over for a sample card: the same fields the real decoder yields. */
export function identityFromSample(card: SimCard): IdentityCard {
  return {
    cardType: card.cardType,
    name: card.name,
    gender: card.gender,
    nation: card.nation ?? null,
    birthDate: card.birthDate,
    address: card.address ?? '',
    idNumber: card.idNumber,
    issuer: card.issuer ?? '',
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    extra: card.extra ?? {},
    photoWlt: null,
    warnings: [],
  };
}

function driverLogger(logger: Logger, device: string) {
  return {
    warn: (obj: Record<string, unknown>, msg: string) => logger.warn({ device, ...obj }, msg),
    info: (obj: Record<string, unknown>, msg: string) => logger.info({ device, ...obj }, msg),
  };
}

export async function createDevices(config: Config, logger: Logger): Promise<Devices> {
  const closers: (() => Promise<void>)[] = [];
  let idcard: IdCardSource;
  let placeCard: (card: SimCard) => Promise<void>;
  let removeCard: () => Promise<void>;

  const ic = config.devices.idcard;
  if (ic.kind === 'fake') {
    const fake = new FakeIdCardReader();
    idcard = fake;
    placeCard = async (card) => fake.placeCard(identityFromSample(card));
    removeCard = async () => fake.removeCard();
  } else if (ic.kind === 'simulator') {
    // The real driver and codec over a socat pty pair, with the protocol simulator on the far end.
    const pair = await PtyPair.open();
    const sim = new IdCardSimulator({ pair });
    await sim.open();
    idcard = new IdCardReader({ port: pair.hostPath, pollIntervalMs: 300 }, driverLogger(logger, 'idcard'));
    placeCard = async (card) => sim.placeCard(card);
    removeCard = async () => sim.removeCard();
    closers.push(async () => {
      await sim.close();
      await pair.close();
    });
  } else {
    idcard = new IdCardReader({ port: ic.port, baudRate: ic.baudRate, pollIntervalMs: ic.pollIntervalMs }, driverLogger(logger, 'idcard'));
    placeCard = async () => undefined;
    removeCard = async () => undefined;
  }

  const fakePrinter = new FakeReceiptPrinter();
  const printer: ReceiptPrinter = fakePrinter;
  const demoEnabled = config.demo;
  const sc = config.devices.scanner;
  const scanners = sc.kind === 'hardware' ? createScannerHub(sc.settings) : new ScannerHub();
  const fakeScanner = new FakeScanner('demo:scanner');
  if (sc.kind === 'fake' || demoEnabled) scanners.add('demo:scanner', fakeScanner);

  const demo: DemoControls = {
    cards: () => (demoEnabled ? SAMPLE_CARDS.map((c) => ({ id: c.id, label: c.label })) : []),
    async placeCard(id) {
      const sample = SAMPLE_CARDS.find((c) => c.id === id);
      if (!demoEnabled || !sample) return false;
      await placeCard(sample.card);
      return true;
    },
    async removeCard() {
      if (!demoEnabled) return false;
      await removeCard();
      return true;
    },
    scan(text) {
      if (!demoEnabled) return false;
      fakeScanner.scan(text);
      return true;
    },
    lastReceipt() {
      const r = fakePrinter.printed.at(-1);
      if (!r) return null;
      const lines = [
        r.stationName, r.reprint ? '回执（补打）' : '回执', `业务：${r.serviceName}`, `受理编号：${r.localNumber}`,
        ...(r.platformNumber ? [`平台受理号：${r.platformNumber}`] : []),
        `申请人：${r.maskedName}`, `身份证号：${r.maskedIdNumber}`, `时间：${r.time}${r.clockTrusted ? '' : '（终端时间未校准）'}`,
        ...(r.agentName ? [`代办人：${r.agentName}`] : []), `[二维码 ${r.qrContent}]`, `服务热线：${r.hotline}`, r.ratingInvitation,
      ];
      return { transcript: lines.join('\n'), pngBase64: null };
    },
  };

  return {
    idcard,
    printer,
    scanners,
    demo,
    async start() {
      await Promise.all([idcard.start(), printer.start(), scanners.start()]);
    },
    async close() {
      await Promise.allSettled([idcard.stop(), printer.stop(), scanners.stop()]);
      for (const c of closers) await c().catch(() => undefined);
    },
  };
}

/** One status for all scanners: ready if any is, else the first fault, else disconnected. */
export function scannerStatus(devices: Devices): DeviceStatus {
  const all = devices.scanners.statuses().map((s) => s.status);
  return all.find((s) => s.state === 'ready') ?? all.find((s) => s.state === 'fault') ?? { state: 'disconnected' };
}
