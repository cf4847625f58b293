import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Node's `process`, declared here so the web tsconfig keeps browser-only types.
declare const process: { env: Record<string, string | undefined> };

// The page calls the API on its own origin; `vite` and `vite preview` forward these paths to it.
const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:3000';
const proxy = {
  '/graphql': { target: apiUrl, changeOrigin: true },
  '/health': { target: apiUrl, changeOrigin: true },
};

export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  plugins: [react()],
  build: { outDir: '../../dist/apps/web', emptyOutDir: true },
  server: { port: 5173, proxy },
  preview: { port: 5173, proxy },
});
