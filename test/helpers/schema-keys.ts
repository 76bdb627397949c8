import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Every dotted key path a config file may set, leaves and objects alike (zod 4 schema walk):
 * wrappers are looked through, union options merged, records and scalars are leaves.
 */
export function schemaKeyPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, child]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        return [path, ...schemaKeyPaths(child, path)];
      });
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return schemaKeyPaths(def.innerType!, prefix);
    case 'pipe':
      return schemaKeyPaths(def.in!, prefix);
    case 'union':
      return [...new Set(def.options!.flatMap((o) => schemaKeyPaths(o, prefix)))];
    default:
      return [];
  }
}

/** Keys named (in backticks) in the first column of the markdown table whose header starts with `header`. */
export function tableKeys(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`no table headed ${header}`);
  const keys: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const first = line.split('|')[1] ?? '';
    keys.push(...[...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  }
  return keys;
}
