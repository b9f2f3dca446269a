/**
 * Capability files as Tauri writes them load: every identifier of Tauri's core permission sets is
 * known, a permission of a Tauri plugin that is not installed is one warning per plugin and grants
 * nothing, capabilities for other platforms are ignored, and a typo is still an error.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type AccessPolicyOptions, CapabilityError, createAccessPolicy, loadCapabilityDir } from '../src/acl/index.ts'
import type { PluginManifest } from '../src/acl/types.ts'
import { createApp } from '../src/index.ts'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { connectInMemory } from '../src/testing/index.ts'
import { recordingLogger } from './support/app.ts'
import { coreManifests, manifestOf } from './support/manifests.ts'

const fixtures = fileURLToPath(new URL('./fixtures/tauri-capabilities/', import.meta.url))
const ORIGIN = 'http://127.0.0.1:4321'
const main = { label: 'main', origin: ORIGIN, local: true }

/** What `warn` got, by the plugin each warning names. */
function load(dir: string, options: Partial<AccessPolicyOptions> & { capabilities: AccessPolicyOptions['capabilities'] }) {
  const warnings: string[] = []
  const policy = createAccessPolicy({
    appCommands: [],
    plugins: coreManifests(),
    appOrigins: [ORIGIN],
    dev: true,
    platform: 'linux',
    warn: (message) => void warnings.push(message),
    ...options,
  })
  return { policy, warnings, dir }
}

function pluginsWarnedAbout(warnings: readonly string[]): string[] {
  return warnings.flatMap((w) => /of Tauri's ([a-z-]+) plugin, which is not installed/.exec(w)?.[1] ?? []).sort()
}

describe('the create-tauri-app template', async () => {
  const capabilities = await loadCapabilityDir(join(fixtures, 'create-tauri-app'))

  test('loads with one warning: the opener plugin is not installed, and its permission grants nothing', () => {
    const { policy, warnings } = load('create-tauri-app', { capabilities, appCommands: ['greet'] })
    assert.equal(warnings.length, 1)
    assert.match(
      warnings[0] ?? '',
      /Tauri's opener plugin, which is not installed, so they grant nothing: "opener:default" \(.*default\.json\)/,
    )
    assert.match(warnings[0] ?? '', /Causeway has no port of it: write a plugin named "opener"/)
    assert.equal(policy.checkCommand(main, 'plugin:opener|open_url').allowed, false)
    assert.equal(policy.checkCommand(main, 'plugin:event|listen').allowed, true, 'core:default still applies')
  })

  test('app commands stay denied by default, as Causeway always does', () => {
    const { policy } = load('create-tauri-app', { capabilities, appCommands: ['greet'] })
    const decision = policy.checkCommand(main, 'greet')
    assert.equal(decision.allowed, false)
    assert.match(decision.allowed ? '' : decision.reason, /add "allow-greet"/)
  })

  test("appCommandAccess 'tauri' allows them, as Tauri does for an app without app permissions, and says which", () => {
    const { policy, warnings } = load('create-tauri-app', { capabilities, appCommands: ['greet', 'read_notes'], appCommandAccess: 'tauri' })
    assert.equal(policy.checkCommand(main, 'greet').allowed, true)
    assert.equal(policy.checkCommand(main, 'read_notes').allowed, true)
    assert.ok(warnings.some((w) => w.includes("appCommandAccess: 'tauri'") && w.endsWith(': greet, read_notes')))
    // Not for pages from other origins, nor for windows no capability applies to, nor for plugin commands.
    assert.equal(policy.checkCommand({ label: 'main', origin: 'https://example.com', local: false }, 'greet').allowed, false)
    assert.equal(policy.checkCommand({ label: 'other', origin: ORIGIN, local: true }, 'greet').allowed, false)
    assert.equal(policy.checkCommand(main, 'plugin:window|set_title').allowed, false)
  })
})

describe("an app like tauri's examples/api: app commands with a manifest, app plugins, core window and app permissions", async () => {
  const capabilities = await loadCapabilityDir(join(fixtures, 'tauri-api'))
  const sample: PluginManifest = {
    name: 'sample',
    commands: ['ping'],
    permissions: {
      permissions: [
        { identifier: 'allow-ping-scoped', commands: { allow: ['ping'] }, scope: { allow: [{ path: 'https://tauri.app' }] } },
        { identifier: 'global-scope', scope: { allow: [{ path: 'https://v2.tauri.app' }] } },
      ],
      default: [],
    },
  }
  const appMenu: PluginManifest = {
    name: 'app-menu',
    commands: ['toggle', 'popup'],
    permissions: { permissions: [], default: ['allow-toggle', 'allow-popup'] },
  }
  const options = {
    capabilities,
    appCommands: ['log_operation', 'perform_request', 'echo'],
    plugins: [...coreManifests(), sample, appMenu, manifestOf(dialogPlugin())],
  }

  test('loads; the only warning is for the notification plugin, which is not installed', () => {
    const { warnings } = load('tauri-api', options)
    assert.deepEqual(pluginsWarnedAbout(warnings), ['notification'])
    assert.equal(warnings.length, 1)
  })

  test('what the files grant applies: app commands, app plugins with their scope, dialog, core', () => {
    const { policy } = load('tauri-api', options)
    assert.equal(policy.checkCommand(main, 'log_operation').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:app-menu|toggle').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:dialog|open').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:window|set_title').allowed, true)
    const ping = policy.checkCommand(main, 'plugin:sample|ping')
    assert.ok(ping.allowed)
    assert.deepEqual(ping.scope.allow, [{ path: 'https://v2.tauri.app' }, { path: 'https://tauri.app' }])
  })

  test("Tauri's core identifiers Causeway does not implement are known and grant only their own command", () => {
    const { policy } = load('tauri-api', options)
    // Allowed by the policy; the command does not exist here, so a call says it is not implemented.
    assert.equal(policy.checkCommand(main, 'plugin:window|set_size').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:app|app_hide').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:app|remove_data_store').allowed, false, 'not granted by any file')
    // core:default is Tauri's: the read-only window getters, app version and name, path helpers.
    assert.equal(policy.checkCommand(main, 'plugin:window|inner_size').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:path|resolve_directory').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:window|set_title').allowed, true)
  })

  test('every identifier of every core set resolves', () => {
    const all = [
      'core:app:default',
      'core:event:default',
      'core:image:default',
      'core:menu:default',
      'core:path:default',
      'core:resources:default',
      'core:tray:default',
      'core:webview:default',
      'core:window:default',
      'core:menu:allow-set-as-help-menu-for-nsapp',
      'core:tray:allow-set-show-menu-on-left-click',
      'core:image:allow-from-bytes',
      'core:path:deny-resolve-directory',
      'core:webview:allow-set-webview-zoom',
      'core:webview:allow-internal-toggle-devtools',
      'core:window:allow-internal-toggle-maximize',
      'core:app:allow-fetch-data-store-identifiers',
      'core:event:allow-emit-to',
      'core:resources:deny-close',
    ]
    assert.doesNotThrow(() => load('inline', { capabilities: [{ identifier: 'all', windows: ['main'], permissions: all }] }))
  })
})

describe("an app like plugins-workspace's examples/api: many Tauri plugins, desktop-only and mobile-only capabilities", async () => {
  const capabilities = await loadCapabilityDir(join(fixtures, 'plugins-workspace'))
  const plugins = [...coreManifests(), manifestOf(dialogPlugin())]

  test('on desktop: one warning per Tauri plugin not installed; the mobile-only capability is ignored', () => {
    const { policy, warnings } = load('plugins-workspace', { capabilities, plugins })
    assert.deepEqual(pluginsWarnedAbout(warnings), [
      'cli',
      'clipboard-manager',
      'fs',
      'global-shortcut',
      'http',
      'log',
      'notification',
      'opener',
      'os',
      'process',
      'shell',
      'store',
      'updater',
    ])
    assert.equal(warnings.length, 13)
    const fs = warnings.find((w) => w.includes("Tauri's fs plugin")) ?? ''
    assert.match(fs, /register fsPlugin\(\) from causewayjs\/plugins\/fs in createApp\(\{ plugins \}\)/)
    assert.match(fs, /"fs:default" \(.*base\.json\), .* and \d+ more/)
    assert.match(warnings.find((w) => w.includes("Tauri's store plugin")) ?? '', /storePlugin\(\) from causewayjs-plugin-store/)
    assert.equal(policy.checkCommand(main, 'plugin:dialog|ask').allowed, true)
    assert.equal(policy.checkCommand(main, 'plugin:window|minimize').allowed, true)
  })

  test('on a phone the mobile capability applies and the desktop one is ignored', () => {
    const { warnings } = load('plugins-workspace', { capabilities, plugins, platform: 'android' })
    const named = pluginsWarnedAbout(warnings)
    for (const plugin of ['nfc', 'biometric', 'barcode-scanner', 'geolocation', 'haptics']) assert.ok(named.includes(plugin), plugin)
    for (const plugin of ['cli', 'updater', 'global-shortcut']) assert.ok(!named.includes(plugin), plugin)
  })

  test("with Causeway's fs plugin installed, the fs permissions it lacks are errors, one per identifier", () => {
    let error: unknown
    try {
      load('plugins-workspace', { capabilities, plugins: [...plugins, manifestOf(fsPlugin())] })
    } catch (thrown) {
      error = thrown
    }
    assert.ok(error instanceof CapabilityError)
    const missing = error.problems.map((p) => /unknown permission "([^"]+)"/.exec(p.problem)?.[1]).sort()
    assert.deepEqual(missing, [
      'fs:allow-open',
      'fs:allow-read',
      'fs:allow-unwatch',
      'fs:allow-watch',
      'fs:allow-write',
      'fs:scope-download-recursive',
      'fs:scope-resource-recursive',
    ])
  })
})

test('a typo is still an error with "did you mean", also in a capability for another platform', () => {
  const attempt = (permission: string, platforms?: string[]) => () =>
    load('inline', {
      plugins: [...coreManifests(), manifestOf(fsPlugin())],
      capabilities: [{ identifier: 'typo', windows: ['main'], permissions: [permission], ...(platforms && { platforms }) }],
    })
  assert.throws(attempt('fss:default'), /unknown permission "fss:default"; did you mean "fs:default"\?/)
  assert.throws(attempt('core:window:allow-set-sise'), /did you mean "core:window:allow-set-size"/)
  assert.throws(attempt('fss:default', ['iOS']), /unknown permission "fss:default"/)
  // A Tauri plugin that is installed is not "missing": an identifier it lacks is an error.
  assert.throws(attempt('fs:allow-reed-file'), /did you mean "fs:allow-read-file"/)
})

test("a plugin named after a Tauri core API must take that API's permission prefix", () => {
  assert.throws(
    () => load('inline', { plugins: [...coreManifests(), { name: 'menu', commands: ['new'] }], capabilities: [] }),
    /plugin name "menu" is Tauri's core menu API \(@tauri-apps\/api\/menu\): give the plugin permissionPrefix "core:menu"/,
  )
  assert.doesNotThrow(() =>
    load('inline', {
      plugins: [...coreManifests(), { name: 'menu', prefix: 'core:menu', commands: ['new'] }],
      capabilities: [{ identifier: 'm', windows: ['main'], permissions: ['core:menu:allow-new', 'core:menu:allow-popup'] }],
    }),
  )
})

test("appCommandAccess 'tauri' allows nothing once the app declares app permissions, and says so", () => {
  const { policy, warnings } = load('inline', {
    appCommands: ['greet', 'secret'],
    appCommandAccess: 'tauri',
    capabilities: [
      { identifier: 'main', source: 'capabilities/main.json', windows: ['main'], permissions: ['core:default', 'allow-greet'] },
    ],
  })
  assert.equal(policy.checkCommand(main, 'greet').allowed, true)
  assert.equal(policy.checkCommand(main, 'secret').allowed, false)
  assert.deepEqual(warnings, [
    `createApp({ appCommandAccess: 'tauri' }) allows nothing: the app declares app permissions ("allow-greet" in capabilities/main.json), so, as in Tauri, its commands need them`,
  ])
})

test("an app with the template's capability file and appCommandAccess 'tauri' starts, warns, and runs its command", async (t) => {
  const logger = recordingLogger()
  const app = createApp({
    commands: { greet: ({ name }: { name: string }) => `Hello, ${name}!` },
    capabilities: join(fixtures, 'create-tauri-app'),
    appCommandAccess: 'tauri',
    logger,
    exitOnLastWindowClose: false,
  })
  t.after(() => app.close())
  const page = await connectInMemory(app)
  assert.equal(await page.invoke('greet', { name: 'Ada' }), 'Hello, Ada!')
  assert.equal(logger.warnings.length, 2)
  assert.match(logger.warnings[0] ?? '', /^\[causeway\] capabilities name permissions of Tauri's opener plugin/)
  assert.match(logger.warnings[1] ?? '', /^\[causeway\] createApp\(\{ appCommandAccess: 'tauri' \}\): .*: greet$/)
})
