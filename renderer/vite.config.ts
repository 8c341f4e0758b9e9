import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));
const sharedDir = fileURLToPath(new URL('../shared', import.meta.url));

export default defineConfig({
  root: rendererDir,
  // Relative asset URLs: the same build is loaded from the desktop shell and the headless server.
  base: './',
  // Compile every file (including ../shared) with the renderer's tsconfig. Without this the
  // transform looks for the nearest tsconfig.json, which for shared/ is the repository's
  // solution file, and follows its references into other projects.
  tsconfig: 'tsconfig.json',
  plugins: [react()],
  server: {
    // Allow importing ../shared during `vite dev`.
    fs: { allow: [rendererDir, sharedDir] },
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No inline polyfill script: the pages run under a strict CSP.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
