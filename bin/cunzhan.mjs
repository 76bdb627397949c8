#!/usr/bin/env node
// `npx cunzhan …` in a checkout (npm exec runs a project's own bin): the same commands as the
// installed /usr/bin/cunzhan, run from the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCunzhanCli } = await import('../main/host/cli/cunzhan.ts');
process.exit(await runCunzhanCli(process.argv.slice(2)));
