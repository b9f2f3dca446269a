/**
 * The app's `causeway.config.ts`: where the backend and the frontend are, what a build ships and
 * how `dev` runs. Every field is optional; an app laid out as `npm create causewayjs` lays it out
 * needs no config file at all. Paths are relative to the app's root (the folder of its
 * package.json).
 *
 * @example
 * // causeway.config.ts
 * import { defineConfig } from 'causewayjs/config'
 * export default defineConfig({ backend: 'server/main.ts', build: { outDir: 'out' } })
 */

/** The backend: run from TypeScript by `dev`, bundled into plain JavaScript by `build`. */
export interface BackendConfig {
  /** The file that creates the app and calls `app.run()`. Default `backend/main.ts`. */
  entry?: string
  /**
   * Files and folders whose changes restart the backend under `dev`. Default: the entry's folder,
   * plus `capabilities/` and `permissions/` when they exist.
   */
  watch?: string[]
}

/** The frontend, built and served by Vite. */
export interface FrontendConfig {
  /** The Vite config file. Default: Vite's own lookup in the app's root; `false` for none. */
  viteConfig?: string | false
  /** Overrides the Vite config's `root` (the folder holding index.html). */
  root?: string
  /**
   * Overrides the Vite config's `build.outDir`. It must be what `createApp({ frontendDist })`
   * names, since the built app mirrors the app's folders.
   */
  outDir?: string
}

/** What `causeway build` writes. */
export interface BuildConfig {
  /** The output folder, which `causeway start` runs. Default `release`. */
  outDir?: string
  /**
   * Files and folders shipped beside the backend at the same relative paths (data files, fonts,
   * anything `$RESOURCE` names). `capabilities/` and `permissions/` are always shipped when they exist.
   */
  resources?: string[]
  /**
   * Packages kept out of the bundle and copied into the output's node_modules with their
   * dependencies. Native modules (a `binding.gyp` or `prebuilds/`) are found without being listed.
   */
  external?: string[]
  /** Minify the backend bundle. Default true. */
  minify?: boolean
  /**
   * Also write the output as one executable file, `<outDir>/<app name>` (a Node single executable
   * application, made with postject: `npm install --save-dev postject`). It writes the app's folder
   * into the app's cache folder on first run. It still needs a Chromium, Chrome or Edge. Default false.
   */
  executable?: boolean
}

/** How `causeway dev` runs. */
export interface DevConfig {
  /** Extra flags for the Chromium `dev` opens the windows in (`--headless` runs it without a display). */
  browserArgs?: string[]
  /** The dev server's port on 127.0.0.1. Default: the Vite config's, else 5173 or the next free one. */
  port?: number
}

export interface CausewayConfig {
  /** The backend's entry file, or the backend's settings. */
  backend?: string | BackendConfig
  frontend?: FrontendConfig
  build?: BuildConfig
  dev?: DevConfig
}

/**
 * Types a `causeway.config.ts`; returns what it is given.
 *
 * @example
 * export default defineConfig({ dev: { browserArgs: ['--window-size=1200,800'] } })
 */
export function defineConfig(config: CausewayConfig): CausewayConfig {
  return config
}
