/**
 * The new app's package.json: scripts and pinned dependencies per template. Versions live here,
 * in one place; `test/cli.test.ts` checks the `causewayjs` range against the package in this repo.
 */

/** The Causeway the templates are written for. */
export const CAUSEWAY_RANGE = '^0.1.0'

/** The TypeScript the templates type-check with (the version `tsc` reports in their tests). */
export const TYPESCRIPT_VERSION = '7.0.2'

/** @type {Record<string, string>} */
const SHARED_DEV = {
  '@types/node': '^20.19.0',
  'playwright-core': '^1.65.1',
  tsx: '^4.23.15',
  typescript: TYPESCRIPT_VERSION,
  vite: '^8.3.8',
}

/** @type {Record<'vanilla' | 'react', { dependencies: Record<string, string>, devDependencies: Record<string, string> }>} */
const BY_TEMPLATE = {
  vanilla: {
    dependencies: {},
    devDependencies: SHARED_DEV,
  },
  react: {
    dependencies: { react: '^19.3.1', 'react-dom': '^19.3.1' },
    devDependencies: { ...SHARED_DEV, '@types/react': '^19.3.0', '@types/react-dom': '^19.3.0', '@vitejs/plugin-react': '^6.3.0' },
  },
}

/**
 * The package.json of a new app.
 *
 * @param {string} name
 * @param {'vanilla' | 'react'} template
 * @param {string} [causeway] the causewayjs dependency spec
 * @returns {Record<string, unknown>}
 * @example
 * JSON.stringify(manifest('my-app', 'react'), null, 2)
 */
export function manifest(name, template, causeway = CAUSEWAY_RANGE) {
  const { dependencies, devDependencies } = BY_TEMPLATE[template]
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      // causewayjs's CLI: dev = Vite with hot reload and the backend restarted on save under a window
      // that stays; build = the app in release/, run with `node release/app.mjs`.
      dev: 'causeway dev',
      build: 'causeway build',
      start: 'vite build --logLevel warn && tsx backend/main.ts',
      typecheck: 'tsc -p tsconfig.json',
      test: 'tsc -p tsconfig.json && vite build --logLevel warn && node --import tsx --test test/*.test.ts',
    },
    dependencies: sorted({ causewayjs: causeway, ...dependencies }),
    devDependencies: sorted(devDependencies),
    engines: { node: '>=20.19' },
    // npm 11 asks about dependencies' install scripts. esbuild's (under tsx) fetches its platform
    // binary only if npm did not install it as an optional dependency, which npm does.
    allowScripts: { esbuild: false },
  }
}

/** @param {Record<string, string>} record */
function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}
