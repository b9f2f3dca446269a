/**
 * The browser driver: one object that owns Chromium for an app, opens its app windows over the
 * DevTools protocol (window URLs never reach a command line) and reports when they close.
 * Node-only; the app's backend and plugins use it, never a page.
 */

export type { CdpClient, CdpParams } from './cdp.ts'
export { driveBrowser } from './drive.ts'
export type { BrowserDriver, BrowserWindow, WindowRequest } from './driver.ts'
export type { BrowserErrorCode } from './errors.ts'
export { BrowserError, browserErrorCodes } from './errors.ts'
export { findBrowser, hasDisplay } from './find.ts'
export type { LaunchOptions } from './launch.ts'
export { launchBrowser } from './launch.ts'
