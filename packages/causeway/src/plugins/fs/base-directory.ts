/**
 * Tauri's `BaseDirectory` numbers, as `@tauri-apps/plugin-fs` sends them in `options.baseDir`,
 * and the `$VARIABLES` scope entries use. Only the directories an app's `AppPaths` knows are
 * supported; the others (Audio, Desktop, ...) are refused rather than guessed.
 */

import { CausewayError } from '../../core/errors.ts'
import type { AppPaths } from '../../plugin-kit.ts'

export const BaseDirectory = {
  Audio: 1,
  Cache: 2,
  Config: 3,
  Data: 4,
  LocalData: 5,
  Document: 6,
  Download: 7,
  Picture: 8,
  Public: 9,
  Video: 10,
  Resource: 11,
  Temp: 12,
  AppConfig: 13,
  AppData: 14,
  AppLocalData: 15,
  AppCache: 16,
  AppLog: 17,
  Desktop: 18,
  Executable: 19,
  Font: 20,
  Home: 21,
  Runtime: 22,
  Template: 23,
} as const

export type BaseDirectory = (typeof BaseDirectory)[keyof typeof BaseDirectory]

/** The base directories backed by `AppPaths`, by number. */
const supported: Partial<Record<number, keyof AppPaths>> = {
  [BaseDirectory.Resource]: 'resource',
  [BaseDirectory.Temp]: 'temp',
  [BaseDirectory.AppConfig]: 'appConfig',
  [BaseDirectory.AppData]: 'appData',
  [BaseDirectory.AppLocalData]: 'appLocalData',
  [BaseDirectory.AppCache]: 'appCache',
  [BaseDirectory.AppLog]: 'appLog',
  [BaseDirectory.Home]: 'home',
}

/** Scope variables and the `AppPaths` field each stands for. */
export const scopeVariables: Readonly<Record<string, keyof AppPaths>> = {
  $APPDATA: 'appData',
  $APPCONFIG: 'appConfig',
  $APPLOCALDATA: 'appLocalData',
  $APPCACHE: 'appCache',
  $APPLOG: 'appLog',
  $HOME: 'home',
  $TEMP: 'temp',
  $RESOURCE: 'resource',
}

/**
 * The absolute directory a `baseDir` number stands for; `InvalidArgs` for numbers Causeway has
 * no path for.
 *
 * @example
 * baseDirectoryPath(BaseDirectory.AppData, ctx.app.paths) // '/home/me/.local/share/my.app'
 */
export function baseDirectoryPath(baseDir: unknown, paths: AppPaths): string {
  const field = typeof baseDir === 'number' ? supported[baseDir] : undefined
  if (field === undefined) {
    const name = Object.entries(BaseDirectory).find(([, n]) => n === baseDir)?.[0]
    const known = Object.keys(supported)
      .map((n) => Object.entries(BaseDirectory).find(([, v]) => v === Number(n))?.[0])
      .join(', ')
    const what = name === undefined ? `unknown baseDir ${JSON.stringify(baseDir)}` : `baseDir ${name} (${String(baseDir)}) is not supported`
    throw new CausewayError('InvalidArgs', `${what}; supported: ${known}`)
  }
  return paths[field]
}
