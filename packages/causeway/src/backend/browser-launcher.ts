/**
 * Opens app windows in an installed Chromium or Chrome, in app mode (`--app=`, no tabs or
 * address bar) with a profile of the app's own, the way a desktop app shows its window.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'

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

/** The browser to open windows with: `CHROME_PATH`, else the first usual location that exists. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['CHROME_PATH']
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return (CANDIDATES[process.platform] ?? []).find((path) => existsSync(path))
}

/** Whether a window can be shown at all (a display on Linux; always elsewhere). */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux') return true
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY'])
}

export interface LaunchOptions {
  browser: string
  url: string
  profileDir: string
  /** Extra flags, e.g. `--headless` in tests. */
  args?: string[]
}

/**
 * Starts the browser on one app window. A second launch with the same profile hands the URL to
 * the running browser and exits at once, so the process is not a window's lifetime.
 */
export async function launchWindow(options: LaunchOptions): Promise<ChildProcess> {
  await mkdir(options.profileDir, { recursive: true })
  const args = [
    `--app=${options.url}`,
    `--user-data-dir=${options.profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Chromium refuses to run as root with its sandbox on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(options.args ?? []),
  ]
  const child = spawn(options.browser, args, { stdio: 'ignore', detached: false })
  child.unref()
  return child
}
