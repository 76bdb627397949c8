import { mkdirSync } from 'node:fs';

/**
 * Where e2e screenshots go. The screens' dates and receipt numbers change on every run, so a normal
 * run writes them to artifacts/screenshots/ (kept by CI, ignored by git) and leaves the tree clean;
 * `DOCS_SCREENSHOTS=1` writes them to docs/img/ when the docs are to be refreshed.
 */
export function screenshotDir(): string {
  const dir = new URL(
    process.env.DOCS_SCREENSHOTS === '1' ? '../../../docs/img/' : '../../../artifacts/screenshots/',
    import.meta.url,
  ).pathname;
  mkdirSync(dir, { recursive: true });
  return dir;
}
