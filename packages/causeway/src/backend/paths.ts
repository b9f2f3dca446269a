/**
 * Where an app keeps its files, per platform conventions (XDG on Linux), keyed by its identifier.
 */
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppPaths } from './context.ts'

/**
 * @example
 * appPaths('dev.causeway.hello', '/srv/app').appData // ~/.local/share/dev.causeway.hello on Linux
 */
export function appPaths(identifier: string, resourceDir: string, env: NodeJS.ProcessEnv = process.env): AppPaths {
  const home = homedir()
  let data: string
  let config: string
  let cache: string
  if (process.platform === 'darwin') {
    data = join(home, 'Library', 'Application Support')
    config = data
    cache = join(home, 'Library', 'Caches')
  } else if (process.platform === 'win32') {
    data = env['APPDATA'] ?? join(home, 'AppData', 'Roaming')
    config = data
    cache = env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local')
  } else {
    data = env['XDG_DATA_HOME'] || join(home, '.local', 'share')
    config = env['XDG_CONFIG_HOME'] || join(home, '.config')
    cache = env['XDG_CACHE_HOME'] || join(home, '.cache')
  }
  const appData = join(data, identifier)
  return {
    appData,
    appConfig: join(config, identifier),
    appLocalData: process.platform === 'win32' ? join(cache, identifier) : appData,
    appCache: join(cache, identifier),
    appLog: join(appData, 'logs'),
    home,
    temp: tmpdir(),
    resource: resourceDir,
  }
}
