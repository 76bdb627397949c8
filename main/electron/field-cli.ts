/** The switch /usr/bin/cunzhan passes to the kiosk binary to run a technician CLI instead of the kiosk. */
export const FIELD_CLI_SWITCH = '--cunzhan-cli';

/** The CLI's own arguments (after the switch), or null when this is a kiosk start. */
export function fieldCliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(FIELD_CLI_SWITCH);
  return at === -1 ? null : argv.slice(at + 1);
}
