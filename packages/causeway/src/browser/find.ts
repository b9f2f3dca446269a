/**
 * Where the browser is, and whether a window can be shown at all. Moved from
 * `backend/browser-launcher.ts` so the driver needs nothing outside this folder.
 */
import { existsSync } from 'node:fs'

const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    `${process.env['PROGRAMFILES'] ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Microsoft\\Edge\\Application\\msedge.exe`,
  ],
}

/**
 * The browser to open windows with: `CHROME_PATH` when set (undefined if it does not exist),
 * else the first usual install location that exists.
 *
 * @example
 * const executablePath = findBrowser()
 * if (!executablePath) throw new Error('install Chromium or set CHROME_PATH')
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['CHROME_PATH']
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return (CANDIDATES[process.platform] ?? []).find((path) => existsSync(path))
}

/**
 * Whether a window can be shown: on Linux, an X11 or Wayland display; elsewhere, always.
 *
 * @example
 * const driver = await launchBrowser({ headless: !hasDisplay(), userDataDir })
 */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux') return true
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY'])
}
