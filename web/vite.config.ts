import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The web chat. `vite build web` writes `web/dist`, which the server serves at `/` (src/http/ui).
 * `vite web` is a dev server with hot reload; it forwards the API to a server on port 7860.
 */
export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:7860', changeOrigin: false } },
  },
});
