import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve('src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages at run time: bundle the contract (and zod) into it.
      externalizeDeps: false,
      // Sandboxed preloads must be CommonJS: ESM preloads are refused when sandbox is on.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    // Two pages over the same bridge: the main window and the quick-ask popup.
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html'), quick: resolve('src/renderer/quick.html') } } },
    plugins: [svelte()],
  },
});
