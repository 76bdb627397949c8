/**
 * Recorded report sequences for the fake HID device and tests.
 *
 * SIP_4_1: the public capture of a scanner "typing" every character as Alt + three keypad digits
 * (Unix & Linux StackExchange, decoded by JdeBP): 16 boot reports decoding to "SIP-4-1" + Enter.
 * The key reports for 'S' (04 00 62 60 5B …), 'I' (04 00 62 5F 5B …) and the final Enter are as
 * published; the other characters follow the same pattern (Alt + three packed keypad digits, then
 * an all-zero release report).
 *
 * BIJIBEN: the Alt + decimal Unicode sequence published for Chinese wedge output
 * (Alt+31508 Alt+35760 Alt+26412 = 笔记本, then plain "-01"), with Alt held across the digits and
 * each digit released, as such scanners type on Windows.
 */

const hex = (line: string): Uint8Array =>
  Uint8Array.from(
    line
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  );
const lines = (text: string): Uint8Array[] => text.trim().split('\n').map(hex);

export const SIP_4_1 = {
  text: 'SIP-4-1',
  reports: lines(`
04 00 62 60 5B 00 00 00
00 00 00 00 00 00 00 00
04 00 62 5F 5B 00 00 00
00 00 00 00 00 00 00 00
04 00 62 60 62 00 00 00
00 00 00 00 00 00 00 00
04 00 62 5C 5D 00 00 00
00 00 00 00 00 00 00 00
04 00 62 5D 5A 00 00 00
00 00 00 00 00 00 00 00
04 00 62 5C 5D 00 00 00
00 00 00 00 00 00 00 00
04 00 62 5C 61 00 00 00
00 00 00 00 00 00 00 00
00 00 28 00 00 00 00 00
00 00 00 00 00 00 00 00
`),
};

const altDigits = (digits: string): string[] => {
  const pad: Record<string, string> = {
    '0': '62',
    '1': '59',
    '2': '5A',
    '3': '5B',
    '4': '5C',
    '5': '5D',
    '6': '5E',
    '7': '5F',
    '8': '60',
    '9': '61',
  };
  const out = ['04 00 00 00 00 00 00 00'];
  for (const d of digits) out.push(`04 00 ${pad[d]} 00 00 00 00 00`, '04 00 00 00 00 00 00 00');
  out.push('00 00 00 00 00 00 00 00');
  return out;
};

export const BIJIBEN = {
  text: '笔记本-01',
  reports: [
    ...altDigits('31508'),
    ...altDigits('35760'),
    ...altDigits('26412'),
    '00 00 2D 00 00 00 00 00',
    '00 00 00 00 00 00 00 00',
    '00 00 27 00 00 00 00 00',
    '00 00 00 00 00 00 00 00',
    '00 00 1E 00 00 00 00 00',
    '00 00 00 00 00 00 00 00',
    '00 00 28 00 00 00 00 00',
    '00 00 00 00 00 00 00 00',
  ].map(hex),
};
