import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Node's `process`, declared here so the web tsconfig keeps browser-only types.
declare const process: { env: Record<string, string | undefined> };

// The page calls the API on its own origin; `vite` and `vite preview` forward these paths to it.
const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:3000';
const proxy = {
  '/graphql': { target: apiUrl, changeOrigin: true, ws: true }, // ws: graphql-ws subscriptions
  '/health': { target: apiUrl, changeOrigin: true },
};

// The web may import the pure domain libraries (Nx tag type:domain), e.g. the terminal takes heredocs apart with
// @podlab/kubectl's heredocOf, exactly as the kubectl session runner does.
const lib = (path: string) => decodeURIComponent(new URL(`../../libs/${path}`, import.meta.url).pathname);

export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  plugins: [react()],
  resolve: {
    alias: {
      '@podlab/kubectl': lib('kubectl/src/index.ts'),
      '@podlab/kube': lib('kube/src/index.ts'),
    },
  },
  build: {
    outDir: '../../dist/apps/web',
    emptyOutDir: true,
    // The pure libs have no module side effects (lint forbids I/O and globals there), so what the web does not
    // use of them is dropped from the bundle.
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !id.includes('/libs/') } },
  },
  server: { port: 5173, proxy },
  preview: { port: 5173, proxy },
});
