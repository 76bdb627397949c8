// Interactive serial scanner for the demo and for trying the driver without hardware:
//   npx tsx drivers/sim/scanner-serial-cli.ts
// prints the pty path to configure as the scanner port, then sends every line typed on stdin as a
// scanned code (CR LF suffix). ":receipt", ":enrolment", ":url", ":digits", ":gbk" send the samples.
import { createInterface } from 'node:readline';
import { SAMPLE_CODES, sampleCode } from '../scanner/samples';
import { SerialScannerSim } from './scanner-serial';

const sim = await SerialScannerSim.start();
console.log(`serial scanner simulator: port ${sim.devicePath}`);
console.log(
  `type a code and Enter to scan it; samples: ${SAMPLE_CODES.map((s) => `:${s.id}`).join(' ')}; Ctrl+D to quit`,
);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const sample = line.startsWith(':') ? sampleCode(line.slice(1)) : undefined;
  if (line.startsWith(':') && !sample) {
    console.log('unknown sample');
    continue;
  }
  await sim.scan(sample ? sample.bytes : line);
}
await sim.stop();
