// `npm run handwriting:templates`: writes the compact handwriting template module the renderer
// loads lazily. Its output is committed; test/scripts/handwriting-templates.test.ts fails when it
// no longer matches what this script would write.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateModuleText } from './handwriting/template-source';

const target = join(import.meta.dirname, '..', 'renderer', 'handwriting', 'templates.data.ts');
const text = templateModuleText();
writeFileSync(target, text);
console.log(`wrote ${target} (${text.length} characters)`);
