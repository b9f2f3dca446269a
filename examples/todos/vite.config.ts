/**
 * Vite builds the two pages from frontend/ into dist/, which the backend serves (`npm run build`,
 * and `causeway build` for a release).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  root: here('./frontend'),
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // The pages await their first data at the top level.
    target: 'es2022',
    rollupOptions: { input: { main: here('./frontend/index.html'), inspector: here('./frontend/inspector.html') } },
  },
})
