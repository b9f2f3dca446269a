/**
 * Builds the frontend into dist/ with Vite (vite.config.ts). Packages of the workspace resolve to
 * their TypeScript sources through the `source` export condition, so no library build comes first.
 */
import { fileURLToPath } from 'node:url'
import { build, defaultClientConditions } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Builds the frontend into `outDir` (default `dist/`); returns the directory. */
export async function buildFrontend(outDir = here('./dist')): Promise<string> {
  await build({
    configFile: here('./vite.config.ts'),
    resolve: { conditions: [...defaultClientConditions, 'source'] },
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  })
  return outDir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildFrontend()
