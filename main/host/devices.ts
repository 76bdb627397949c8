import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DeviceStatus } from '../../drivers/common/status';
import { FakeIdCardReader } from '../../drivers/idcard/fake';
import type { IdCardSource, IdentityCard } from '../../drivers/idcard/identity';
import { IdCardReader } from '../../drivers/idcard/driver';
import { EscPosPrinter } from '../../drivers/printer/driver';
import { FakeReceiptPrinter } from '../../drivers/printer/fake';
import type { ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import { createScannerHub } from '../../drivers/scanner/config';
import { FakeScanner } from '../../drivers/scanner/fake';
import { ScannerHub } from '../../drivers/scanner/hub';
import { EscPosSimulator } from '../../drivers/sim/escpos-simulator';
import { startIdCardDemo } from '../../drivers/sim/idcard-demo';
import type { SimCard } from '../../drivers/sim/idcard-encoder';
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

/** Debian's fonts-wqy-zenhei: the default font for rare characters when none is configured. */
const defaultRasterFont = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

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

/**
 * Builds the devices the configuration asks for: real drivers on real ports, or in the demo the
 * same drivers talking to protocol simulators (a pty for the ID card reader, TCP for the printer).
 */
export async function createDevices(config: Config, logger: Logger, dataDir: string): Promise<Devices> {
  const closers: (() => Promise<void>)[] = [];
  let idcard: IdCardSource;
  let placeCard: (card: SimCard) => void = () => undefined;
  let removeCard: () => void = () => undefined;

  const ic = config.devices.idcard;
  if (ic.kind === 'fake') {
    const fake = new FakeIdCardReader();
    idcard = fake;
    placeCard = (card) => fake.placeCard(identityFromSample(card));
    removeCard = () => fake.removeCard();
  } else if (ic.kind === 'simulator') {
    const demo = await startIdCardDemo({ pollIntervalMs: 300, logger: driverLogger(logger, 'idcard') });
    idcard = demo.source;
    placeCard = (card) => demo.simulator.placeCard(card);
    removeCard = () => demo.remove();
    closers.push(() => demo.close());
  } else {
    const { kind: _serial, ...settings } = ic;
    idcard = new IdCardReader(settings, driverLogger(logger, 'idcard'));
  }

  let printer: ReceiptPrinter;
  let lastReceipt: DemoControls['lastReceipt'] = () => null;
  const pc = config.devices.printer;
  if (pc.kind === 'fake') {
    const fake = new FakeReceiptPrinter();
    printer = fake;
    lastReceipt = () => {
      const r = fake.printed.at(-1);
      return r ? { transcript: JSON.stringify(r, null, 1), pngBase64: null } : null;
    };
  } else if (pc.kind === 'simulator') {
    // The real ESC/POS driver over TCP to the interpreter, which renders every receipt to PNG.
    const sim = await EscPosSimulator.listenTcp({ port: 0, outputDir: join(dataDir, 'receipts') });
    printer = new EscPosPrinter(
      {
        transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port },
        paperWidth: pc.paperWidth,
        fontCoverage: 'gbk',
        ...(existsSync(defaultRasterFont) ? { rasterFontPath: defaultRasterFont } : {}),
      },
      { logger: driverLogger(logger, 'printer') },
    );
    lastReceipt = () => {
      const r = sim.receipts.at(-1);
      return r ? { transcript: r.transcript, pngBase64: Buffer.from(r.png).toString('base64') } : null;
    };
    closers.push(() => sim.close());
  } else {
    printer = new EscPosPrinter(pc.settings, { logger: driverLogger(logger, 'printer') });
  }

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
      placeCard(sample.card);
      return true;
    },
    async removeCard() {
      if (!demoEnabled) return false;
      removeCard();
      return true;
    },
    scan(text) {
      if (!demoEnabled) return false;
      fakeScanner.scan(text);
      return true;
    },
    lastReceipt: () => (demoEnabled ? lastReceipt() : null),
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
