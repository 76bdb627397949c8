import { mkdirSync } from 'node:fs';
import pino, { type Logger } from 'pino';

/**
 * Keys that may carry personal data anywhere in a log object. Redacted by key, at any depth,
 * whatever the caller passes; strings are scrubbed for ID and phone numbers as well.
 */
const personalKeys = [
  'name',
  'maskedName',
  'fullName',
  'idNumber',
  'id_number',
  'address',
  'phone',
  'mobile',
  'birthDate',
  'birth_date',
  'photo',
  'photoWlt',
  'values',
  'payload',
  'identity',
  'card',
  'applicant',
  'fingerprint',
];

const idNumber =
  /(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g;
const phone = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;

export function scrubText(text: string): string {
  return text.replace(idNumber, '[身份证号已隐藏]').replace(phone, '[电话已隐藏]');
}

export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error)
    return {
      type: value.name,
      message: scrubText(value.message),
      stack: value.stack ? scrubText(value.stack) : undefined,
    };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = personalKeys.includes(k) ? '[已隐藏]' : scrubValue(v, depth + 1);
  }
  return out;
}

export interface LogOptions {
  readonly level: string;
  /** Directory for rotated JSON-lines files; null logs to stderr (tests, CLI). */
  readonly dir: string | null;
  readonly maxSizeMb?: number;
  readonly keepFiles?: number;
  /** A destination stream instead (tests). */
  readonly stream?: NodeJS.WritableStream;
}

export function createLogger(options: LogOptions): Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    base: { app: 'cunzhan' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (obj) => scrubValue(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: { err: (e: unknown) => scrubValue(e) },
  };
  if (options.stream) return pino(base, options.stream as pino.DestinationStream);
  if (!options.dir) return pino(base, pino.destination(2));
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const transport = pino.transport({
    target: 'pino-roll',
    options: {
      file: `${options.dir}/cunzhan`,
      extension: '.log',
      size: `${Math.max(1, Math.round((options.maxSizeMb ?? 10) * 1024))}k`,
      limit: { count: options.keepFiles ?? 10 },
      mkdir: true,
      // Logs hold no personal data, but they are the station's records: owner only.
      mode: 0o600,
    },
  });
  // A full disk must not take the host down with it: pino-roll's write error surfaces here, and
  // unhandled it would crash the process at the next log line while the villager is mid-save.
  // The villager is told by the save itself (disk_full); the log says so once on stderr.
  let reported = false;
  transport.on('error', (error: Error) => {
    if (!reported)
      process.stderr.write(
        `log files cannot be written (${(error as NodeJS.ErrnoException).code ?? error.message}); logging paused\n`,
      );
    reported = true;
  });
  return pino(base, transport);
}
