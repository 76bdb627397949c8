import { SamSession } from '../../../drivers/idcard/sam-session';
import { SerialTransport } from '../../../drivers/idcard/serial-transport';
import type { FixDetails, SelfTestCode } from '../../../rules/self-test-fixes';
import { checkPort, findHolderOrLocked, type PortProblem } from './port-access';
import type { OpenErrorCode } from '../../../drivers/idcard/transport';

/** The rates a GA/T 467 SAM module can be set to, the factory default first. */
export const SAM_BAUD_RATES = [115200, 57600, 38400, 19200, 9600] as const;

export type SamProbe =
  | { readonly found: true; readonly port: string; readonly baudRate: number; readonly samId: string }
  | { readonly found: false; readonly port: string; readonly code: SelfTestCode; readonly details: FixDetails };

/**
 * Asks the port for a SAM's status and ID at each supported rate, stopping at the first that
 * answers. `timeoutScale` shortens the SAM's own time limits (1 = the module's 1 s per command).
 */
export async function probeSam(
  port: string,
  options: { procDir?: string; timeoutScale?: number; bauds?: readonly number[] } = {},
): Promise<SamProbe> {
  const problem = checkPort(port, options.procDir);
  if (problem) return { found: false, port, code: problem.code, details: problem.details };
  const bauds = options.bauds ?? SAM_BAUD_RATES;
  for (const baudRate of bauds) {
    const transport = new SerialTransport({ path: port, baudRate });
    const opened = await transport.open();
    if (!opened.ok) {
      const p = problemOfOpenError(port, opened.error.code, options.procDir);
      return { found: false, port, code: p.code, details: p.details };
    }
    try {
      const session = new SamSession(transport, { timeoutScale: options.timeoutScale ?? 0.5 });
      const status = await session.samStatus();
      if (!status.ok && status.error.code === 'timeout') continue;
      const id = await session.samId();
      if (id.ok) return { found: true, port, baudRate, samId: id.value };
    } finally {
      await transport.close();
    }
  }
  return { found: false, port, code: 'sam_no_answer', details: { port, bauds: bauds.join('、') } };
}

function problemOfOpenError(port: string, code: OpenErrorCode, procDir: string | undefined): PortProblem {
  if (code === 'permission_denied') return { code: 'port_permission_denied', details: { port } };
  if (code === 'port_missing') return { code: 'port_missing', details: { port } };
  return { code: 'port_busy', details: { port, holder: findHolderOrLocked(port, procDir) } };
}
