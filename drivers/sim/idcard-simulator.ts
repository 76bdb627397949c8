import { SerialPort } from 'serialport';
import { Deframer } from '../idcard/deframer';
import { encodeFrame } from '../idcard/frame';
import { SW3 } from '../idcard/status-codes';
import { encodeAppendedAddress, encodeTextBlock, fakeFingerprints, fakeWltPhoto, type SimCard } from './idcard-encoder';
import type { PtyPair } from './pty-pair';

/** Which command an injected SW3 answer replaces. */
export type SimCommand = 'reset' | 'status' | 'sam_id' | 'find' | 'select' | 'read' | 'read_fp' | 'address';

export interface SimFaults {
  /** Send each response in pieces of this many bytes (0 = whole). */
  chunkSize: number;
  /** Pause between pieces. */
  chunkDelayMs: number;
  /** Emulate the UART: pace output at this many bit/s (10 bits per byte); 0 = as fast as the pty. */
  pacedBaud: number;
  /** Delay before answering a read, like the RF exchange with the card. */
  readDelayMs: number;
  /** Random bytes sent before each response. */
  garbageBytes: number;
}

const DEFAULT_FAULTS: SimFaults = { chunkSize: 0, chunkDelayMs: 0, pacedBaud: 0, readDelayMs: 0, garbageBytes: 0 };

interface Injection {
  command: SimCommand | 'any';
  kind: 'sw3' | 'bad_checksum' | 'silent' | 'wrong_length';
  sw3?: number;
  remaining: number;
}

const SAM_ID = Uint8Array.of(
  0x05,
  0x00,
  0x01,
  0x00,
  0x08,
  0xb9,
  0x32,
  0x01,
  0x2b,
  0x7b,
  0x5d,
  0x04,
  0x33,
  0x1e,
  0x8f,
  0x73,
);

/**
 * Speaks the SAM side of GA/T 467 on a serial path (one end of a socat pty pair), like a
 * certified reader with a scriptable card slot and fault knobs. Used by tests, the demo host and
 * technician training (`npm run device -- idcard-sim`, see docs/idcard-reader.md).
 */
export class IdCardSimulator {
  readonly #path: string;
  readonly #pair: PtyPair | null;
  #port: SerialPort | null = null;
  readonly #deframer = new Deframer({ maxLen: 64 });
  #card: SimCard | null = null;
  #samError: { sw3: number; clearedByReset: boolean } | null = null;
  #injections: Injection[] = [];
  #writeChain: Promise<void> = Promise.resolve();
  faults: SimFaults = { ...DEFAULT_FAULTS };
  /** Commands received, newest last (CMD/Para as hex, e.g. "20 01"); for tests and training. */
  readonly log: string[] = [];
  readonly counters = { bytesIn: 0, bytesOut: 0, placedAt: 0 };
  /** Called for every command received (e.g. "20 01"), with performance.now() of its arrival. */
  onCommand: ((command: string, at: number) => void) | null = null;

  /** Give the pair to enable unplug()/replug(); the simulator opens `pair.simPath` (or `path`). */
  constructor(target: { pair: PtyPair } | { path: string }) {
    if ('pair' in target) {
      this.#pair = target.pair;
      this.#path = target.pair.simPath;
    } else {
      this.#pair = null;
      this.#path = target.path;
    }
  }

  get card(): SimCard | null {
    return this.#card;
  }

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.#path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.#port === port) this.#port = null;
    });
    this.#port = port;
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    await this.#writeChain.catch(() => undefined);
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  placeCard(card: SimCard): void {
    this.#card = card;
    this.counters.placedAt = performance.now();
  }

  removeCard(): void {
    this.#card = null;
  }

  /** Make the SAM answer every command with this SW3 (e.g. 0x60) until cleared (or reset, if asked). */
  setSamError(sw3: number | null, options: { clearedByReset?: boolean } = {}): void {
    this.#samError = sw3 === null ? null : { sw3, clearedByReset: options.clearedByReset ?? false };
  }

  /** Answer the next `count` matching commands with this SW3 and no data. */
  failNext(command: SimCommand | 'any', sw3: number, count = 1): void {
    this.#injections.push({ command, kind: 'sw3', sw3, remaining: count });
  }

  /** Corrupt the checksum of the next `count` matching responses. */
  corruptNext(command: SimCommand | 'any', count = 1): void {
    this.#injections.push({ command, kind: 'bad_checksum', remaining: count });
  }

  /** Send a frame whose Len disagrees with its bytes for the next `count` matching responses. */
  wrongLengthNext(command: SimCommand | 'any', count = 1): void {
    this.#injections.push({ command, kind: 'wrong_length', remaining: count });
  }

  /** Do not answer the next `count` matching commands. */
  silenceNext(command: SimCommand | 'any', count = 1): void {
    this.#injections.push({ command, kind: 'silent', remaining: count });
  }

  /** Write raw bytes (noise on the line). */
  sendRaw(bytes: Uint8Array): Promise<void> {
    return this.#write(bytes);
  }

  /** Pull the USB plug: the host's port vanishes. Needs the pty pair. */
  async unplug(): Promise<void> {
    if (!this.#pair) throw new Error('unplug needs the simulator to own a PtyPair');
    await this.close();
    await this.#pair.unplug();
  }

  async replug(): Promise<void> {
    if (!this.#pair) throw new Error('replug needs the simulator to own a PtyPair');
    await this.#pair.replug();
    await this.open();
  }

  #onData(chunk: Buffer): void {
    this.counters.bytesIn += chunk.length;
    for (const frame of this.#deframer.push(chunk)) {
      const [cmd, para] = [frame.body[0] ?? 0, frame.body[1] ?? 0];
      const name = `${hex(cmd)} ${hex(para)}`;
      this.log.push(name);
      if (this.log.length > 1000) this.log.splice(0, 500);
      this.onCommand?.(name, performance.now());
      void this.#answer(cmd, para, frame.body.length + 8);
    }
  }

  async #answer(cmd: number, para: number, receivedBytes: number): Promise<void> {
    // A pty delivers at memory speed; with pacing on, charge the command's own UART time too.
    if (this.faults.pacedBaud > 0) await sleep((receivedBytes * 10 * 1000) / this.faults.pacedBaud);
    const command = classify(cmd, para);
    const injection = command ? this.#takeInjection(command) : null;
    if (injection?.kind === 'silent') return;
    let body: Uint8Array;
    if (injection?.kind === 'sw3') body = status(injection.sw3!);
    else if (command === null) body = status(0x21);
    else body = await this.#respond(command);
    let frame = encodeFrame(body);
    if (injection?.kind === 'bad_checksum') frame[frame.length - 1]! ^= 0x5a;
    if (injection?.kind === 'wrong_length') {
      frame = frame.slice();
      frame[6] = (frame[6]! + 3) & 0xff;
    }
    if (this.faults.garbageBytes > 0) {
      const noise = new Uint8Array(this.faults.garbageBytes);
      for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(Math.random() * 256);
      await this.#write(noise);
    }
    await this.#write(frame);
  }

  async #respond(command: SimCommand): Promise<Uint8Array> {
    if (this.#samError && command !== 'reset') return status(this.#samError.sw3);
    const card = this.#card;
    switch (command) {
      case 'reset':
        if (this.#samError?.clearedByReset) this.#samError = null;
        return this.#samError ? status(this.#samError.sw3) : status(SW3.success);
      case 'status':
        return status(SW3.success);
      case 'sam_id':
        return withData(SW3.success, SAM_ID);
      case 'find':
        return card ? withData(SW3.cardFound, new Uint8Array(4)) : status(SW3.noCard);
      case 'select':
        return card ? withData(SW3.success, new Uint8Array(8)) : status(SW3.selectFailed);
      case 'read':
      case 'read_fp': {
        if (this.faults.readDelayMs > 0) await sleep(this.faults.readDelayMs);
        // The card may have been lifted during the RF exchange.
        const now = this.#card;
        if (!now) return status(SW3.readFailed);
        return withData(SW3.success, readPayload(now, command === 'read_fp'));
      }
      case 'address':
        if (!card) return status(SW3.readFailed);
        return card.appendedAddress
          ? withData(SW3.success, encodeAppendedAddress(card.appendedAddress))
          : status(SW3.noContent);
    }
  }

  #takeInjection(command: SimCommand): Injection | null {
    const i = this.#injections.findIndex((x) => x.command === command || x.command === 'any');
    if (i < 0) return null;
    const inj = this.#injections[i]!;
    inj.remaining -= 1;
    if (inj.remaining <= 0) this.#injections.splice(i, 1);
    return inj;
  }

  /** Serialised writes, optionally fragmented and paced like a real UART. */
  #write(bytes: Uint8Array): Promise<void> {
    const run = this.#writeChain.then(async () => {
      const { chunkSize, chunkDelayMs, pacedBaud } = this.faults;
      const size = pacedBaud > 0 ? Math.min(chunkSize || 64, 64) : chunkSize || bytes.length;
      const start = performance.now();
      let sent = 0;
      for (let at = 0; at < bytes.length; at += size) {
        const piece = bytes.subarray(at, at + size);
        const port = this.#port;
        if (!port?.isOpen) return;
        await new Promise<void>((resolve) => port.write(Buffer.from(piece), () => port.drain(() => resolve())));
        sent += piece.length;
        this.counters.bytesOut += piece.length;
        if (pacedBaud > 0) {
          const due = start + (sent * 10 * 1000) / pacedBaud;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
        } else if (chunkDelayMs > 0 && at + size < bytes.length) {
          await sleep(chunkDelayMs);
        }
      }
    });
    this.#writeChain = run.catch(() => undefined);
    return run;
  }
}

/** The data part of a successful read: length words then text, photo[, fingerprints]. */
export function readPayload(card: SimCard, withFingerprint: boolean): Uint8Array {
  const text = encodeTextBlock(card);
  const photo = fakeWltPhoto(card.idNumber);
  const fp = withFingerprint ? fakeFingerprints(card.fingerprints ?? 0) : null;
  const words = fp ? 3 : 2;
  const out = new Uint8Array(words * 2 + text.length + photo.length + (fp?.length ?? 0));
  const view = new DataView(out.buffer);
  view.setUint16(0, text.length);
  view.setUint16(2, photo.length);
  if (fp) view.setUint16(4, fp.length);
  out.set(text, words * 2);
  out.set(photo, words * 2 + text.length);
  if (fp) out.set(fp, words * 2 + text.length + photo.length);
  return out;
}

function classify(cmd: number, para: number): SimCommand | null {
  const key = (cmd << 8) | para;
  switch (key) {
    case 0x10ff:
      return 'reset';
    case 0x11ff:
      return 'status';
    case 0x12ff:
      return 'sam_id';
    case 0x2001:
      return 'find';
    case 0x2002:
      return 'select';
    case 0x3001:
      return 'read';
    case 0x3010:
      return 'read_fp';
    case 0x3003:
      return 'address';
    default:
      return null;
  }
}

function status(sw3: number): Uint8Array {
  return Uint8Array.of(0, 0, sw3);
}

function withData(sw3: number, data: Uint8Array): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[2] = sw3;
  body.set(data, 3);
  return body;
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
