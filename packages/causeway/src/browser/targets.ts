/**
 * DevTools target helpers the window openers share: open a window on a URL, find a target the
 * browser made by itself, point a target at a URL.
 */
import type { CdpClient } from './cdp.ts'
import { BrowserError } from './errors.ts'

/** What `Target.targetCreated`, `Target.targetInfoChanged` and `Target.getTargets` report of a target. */
export interface TargetInfo {
  targetId: string
  type: string
  url: string
}

/**
 * Opens each URL with `Target.createTarget` in a window of its own: the URL crosses only the
 * DevTools connection. The window is an ordinary browser window (DevTools has no app mode), which
 * headless browsers do not draw anyway.
 */
export function newWindowOpener(cdp: CdpClient): (url: string) => Promise<string> {
  return async (url) => (await cdp.send<{ targetId: string }>('Target.createTarget', { url, newWindow: true })).targetId
}

/**
 * Resolves with the id of the first target `matches` accepts, whether it exists already or is
 * yet to come. Rejects on `signal`, when the connection closes, or after `timeoutMs`.
 */
export function waitForTarget(
  cdp: CdpClient,
  matches: (info: TargetInfo) => boolean,
  what: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const offs: (() => void)[] = []
    const settle = (outcome: () => void) => {
      for (const off of offs) off()
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', aborted)
      outcome()
    }
    const check = (info: TargetInfo) => {
      if (matches(info)) settle(() => resolve(info.targetId))
    }
    const aborted = () => settle(() => reject(options.signal?.reason))
    const timer = setTimeout(
      () => settle(() => reject(new BrowserError('Timeout', `the browser did not show ${what} within ${options.timeoutMs} ms`))),
      options.timeoutMs,
    )
    options.signal?.addEventListener('abort', aborted)
    offs.push(cdp.on<{ targetInfo: TargetInfo }>('Target.targetCreated', ({ targetInfo }) => check(targetInfo)))
    offs.push(cdp.on<{ targetInfo: TargetInfo }>('Target.targetInfoChanged', ({ targetInfo }) => check(targetInfo)))
    offs.push(cdp.onClose((reason) => settle(() => reject(reason))))
    cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets').then(
      ({ targetInfos }) => targetInfos.forEach(check),
      (error: unknown) => settle(() => reject(error)),
    )
  })
}

/** Navigates the page of `targetId` to `url` through a flattened session of its own, detached afterwards. */
export async function navigateTarget(cdp: CdpClient, targetId: string, url: string): Promise<void> {
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
  try {
    await cdp.send('Page.navigate', { url }, sessionId)
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {})
  }
}
