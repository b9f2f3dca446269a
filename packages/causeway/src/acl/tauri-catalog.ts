/**
 * What Tauri itself has, as facts: the commands of its core plugins (with which ones their
 * `default` set allows) and the plugins it publishes. Capability files written for Tauri name
 * these; the registry knows every core identifier whether or not Causeway implements its command,
 * a permission of a Tauri plugin that is not installed is a warning rather than a typo, and a call
 * to a missing one can say what is missing. Data only.
 */

/** One of Tauri's core plugins: `plugin:<name>|<command>` on the wire, `core:<name>:*` permissions. */
export interface TauriCorePlugin {
  /** Where its JavaScript API lives. */
  api: string
  /** Commands its `default` set allows (Tauri's build script: the getters, mostly). */
  defaults: readonly string[]
  /** Its other commands. */
  others: readonly string[]
}

/**
 * Tauri 2's core plugins (its `crates/tauri/build.rs`), plus the commands `@tauri-apps/api` 2.12
 * calls that the build script listed does not name; those are kept out of `default`, since which
 * set they belong to is not known here.
 */
export const tauriCorePlugins: Readonly<Record<string, TauriCorePlugin>> = {
  path: {
    api: '@tauri-apps/api/path',
    defaults: ['resolve_directory', 'resolve', 'normalize', 'join', 'dirname', 'extname', 'basename', 'is_absolute'],
    others: [],
  },
  event: { api: '@tauri-apps/api/event', defaults: ['listen', 'unlisten', 'emit', 'emit_to'], others: [] },
  window: {
    api: '@tauri-apps/api/window',
    defaults: [
      'get_all_windows',
      'scale_factor',
      'inner_position',
      'outer_position',
      'inner_size',
      'outer_size',
      'is_fullscreen',
      'is_minimized',
      'is_maximized',
      'is_focused',
      'is_decorated',
      'is_resizable',
      'is_maximizable',
      'is_minimizable',
      'is_closable',
      'is_visible',
      'is_enabled',
      'title',
      'current_monitor',
      'primary_monitor',
      'monitor_from_point',
      'available_monitors',
      'cursor_position',
      'theme',
      'is_always_on_top',
      'internal_toggle_maximize',
    ],
    others: [
      'create',
      'center',
      'request_user_attention',
      'set_enabled',
      'set_resizable',
      'set_maximizable',
      'set_minimizable',
      'set_closable',
      'set_title',
      'maximize',
      'unmaximize',
      'minimize',
      'unminimize',
      'show',
      'hide',
      'close',
      'destroy',
      'set_decorations',
      'set_shadow',
      'set_effects',
      'set_always_on_top',
      'set_always_on_bottom',
      'set_visible_on_all_workspaces',
      'set_content_protected',
      'set_size',
      'set_min_size',
      'set_size_constraints',
      'set_max_size',
      'set_position',
      'set_fullscreen',
      'set_focus',
      'set_skip_taskbar',
      'set_cursor_grab',
      'set_cursor_visible',
      'set_cursor_icon',
      'set_cursor_position',
      'set_ignore_cursor_events',
      'start_dragging',
      'start_resize_dragging',
      'set_progress_bar',
      'set_badge_count',
      'set_overlay_icon',
      'set_badge_label',
      'set_icon',
      'set_title_bar_style',
      'set_theme',
      'toggle_maximize',
      'set_background_color',
      // Called by @tauri-apps/api 2.12, not in the build script's list.
      'activity_name',
      'scene_identifier',
      'set_focusable',
      'set_fullscreen_on_monitor',
      'set_simple_fullscreen',
    ],
  },
  webview: {
    api: '@tauri-apps/api/webview',
    defaults: ['get_all_webviews', 'webview_position', 'webview_size', 'internal_toggle_devtools'],
    others: [
      'create_webview',
      'create_webview_window',
      'webview_close',
      'set_webview_size',
      'set_webview_position',
      'set_webview_focus',
      'set_webview_auto_resize',
      'set_webview_zoom',
      'webview_hide',
      'webview_show',
      'print',
      'reparent',
      'clear_all_browsing_data',
      'set_webview_background_color',
    ],
  },
  app: {
    api: '@tauri-apps/api/app',
    defaults: ['version', 'name', 'tauri_version', 'identifier'],
    others: [
      'app_show',
      'app_hide',
      'fetch_data_store_identifiers',
      'remove_data_store',
      'default_window_icon',
      'set_app_theme',
      'set_dock_visibility',
      // Called by @tauri-apps/api 2.12, not in the build script's list.
      'bundle_type',
      'exit',
      'supports_multiple_windows',
    ],
  },
  image: { api: '@tauri-apps/api/image', defaults: ['new', 'from_bytes', 'from_path', 'rgba', 'size'], others: [] },
  resources: { api: '@tauri-apps/api/core (Resource)', defaults: ['close'], others: [] },
  menu: {
    api: '@tauri-apps/api/menu',
    defaults: [
      'new',
      'append',
      'prepend',
      'insert',
      'remove',
      'remove_at',
      'items',
      'get',
      'popup',
      'create_default',
      'set_as_app_menu',
      'set_as_window_menu',
      'text',
      'set_text',
      'is_enabled',
      'set_enabled',
      'set_accelerator',
      'set_as_windows_menu_for_nsapp',
      'set_as_help_menu_for_nsapp',
      'is_checked',
      'set_checked',
      'set_icon',
    ],
    others: [],
  },
  tray: {
    api: '@tauri-apps/api/tray',
    defaults: [
      'new',
      'get_by_id',
      'remove_by_id',
      'set_icon',
      'set_menu',
      'set_tooltip',
      'set_title',
      'set_visible',
      'set_temp_dir_path',
      'set_icon_as_template',
      'set_show_menu_on_left_click',
    ],
    // Called by @tauri-apps/api 2.12, not in the build script's list.
    others: ['set_icon_with_as_template'],
  },
}

/** Where Causeway's port of a Tauri plugin comes from, when there is one. */
export interface CausewayPort {
  /** What to call: `fsPlugin()`. */
  factory: string
  /** The package or export that has it. */
  from: string
}

/**
 * The plugins Tauri publishes (`@tauri-apps/plugin-<name>`, Rust crate `tauri-plugin-<name>`),
 * with Causeway's port of each that has one.
 */
export const tauriPublishedPlugins: Readonly<Record<string, CausewayPort | null>> = {
  autostart: null,
  'barcode-scanner': null,
  biometric: null,
  cli: null,
  'clipboard-manager': null,
  'deep-link': null,
  dialog: { factory: 'dialogPlugin()', from: 'causewayjs/plugins/dialog' },
  fs: { factory: 'fsPlugin()', from: 'causewayjs/plugins/fs' },
  geolocation: null,
  'global-shortcut': null,
  haptics: null,
  http: null,
  log: null,
  nfc: null,
  notification: null,
  opener: null,
  os: null,
  positioner: null,
  process: null,
  shell: null,
  sql: { factory: 'sqlPlugin()', from: 'causewayjs-plugin-sql' },
  store: { factory: 'storePlugin()', from: 'causewayjs-plugin-store' },
  stronghold: null,
  updater: null,
  upload: null,
  websocket: null,
  'window-state': null,
}

/**
 * Whether `name` is a plugin Tauri publishes.
 *
 * @example
 * isTauriPlugin('opener') // true
 * isTauriPlugin('fss') // false
 */
export function isTauriPlugin(name: string): boolean {
  return Object.hasOwn(tauriPublishedPlugins, name)
}

/**
 * What to do to get a Tauri plugin on Causeway, as a clause: register Causeway's port, or write one.
 *
 * @example
 * howToInstall('fs') // 'register fsPlugin() from causewayjs/plugins/fs in createApp({ plugins })'
 */
export function howToInstall(name: string): string {
  const port = tauriPublishedPlugins[name]
  return port
    ? `register ${port.factory} from ${port.from} in createApp({ plugins })`
    : `Causeway has no port of it: write a plugin named "${name}" (definePlugin from causewayjs/plugin) with the commands the frontend calls`
}

/**
 * The core plugin a `core:<name>:...` identifier or a `plugin:<name>|...` command belongs to.
 *
 * @example
 * corePluginOf('window') // { api: '@tauri-apps/api/window', ... }
 */
export function corePluginOf(name: string): TauriCorePlugin | undefined {
  return Object.hasOwn(tauriCorePlugins, name) ? tauriCorePlugins[name] : undefined
}
