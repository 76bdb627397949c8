import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTemplates } from '../../renderer/handwriting/template-codec';
import { templateText } from '../../renderer/handwriting/templates.data';
import { templateCharacters, templateModuleText } from '../../scripts/handwriting/template-source';

describe('handwriting templates', () => {
  it('the committed template module is what the build script writes today', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../renderer/handwriting/templates.data.ts'), 'utf8');
    expect(committed === templateModuleText(), 'run npm run handwriting:templates').toBe(true);
  }, 120_000);

  it('covers the 3,500 characters of 通用规范汉字表 level 1 and every Han character on the sample cards', () => {
    const chars = decodeTemplates(templateText).map((t) => t.char);
    expect(chars).toEqual(templateCharacters());
    expect(chars.slice(0, 3)).toEqual(['一', '乙', '二']);
    expect(chars[3499]).toBe('矗');
    for (const rare of ['䶮', '𠈌', '圳']) expect(chars).toContain(rare);
    expect(new Set(chars).size).toBe(chars.length);
  });
});
