/**
 * Test support: the manifests the access policy sees for the built-in plugins, for tests that
 * build a policy directly instead of through an app.
 */
import type { PluginManifest } from '../../src/acl/types.ts'
import { manifestOf } from '../../src/backend/app.ts'
import { eventPlugin } from '../../src/plugins/event/index.ts'
import { resourcesPlugin } from '../../src/plugins/resources/index.ts'
import { windowPlugin } from '../../src/plugins/window/index.ts'

export { manifestOf }

/** The core plugins every app has: their permissions make up `core:*`. */
export function coreManifests(): PluginManifest[] {
  return [eventPlugin(), windowPlugin(), resourcesPlugin()].map(manifestOf)
}
