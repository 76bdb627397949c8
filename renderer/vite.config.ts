import { defineConfig } from 'vite';

// The renderer lint rules forbid node: imports; import.meta.dirname needs none.
const here = import.meta.dirname;

/** Renderer bundle: relative base so the same files load under app:// (Electron) and http (browser kiosk). */
export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    // Inline assets would become data: URLs; keep everything as files for a strict CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'chrome120',
    // The speech-recognition frame is its own page (its own, looser CSP; docs/ui.md, "Voice commands").
    rollupOptions: { input: { main: `${here}/index.html`, voice: `${here}/voice/recogniser.html` } },
  },
});
