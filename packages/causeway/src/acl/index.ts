/**
 * Access control: capabilities decide which windows and origins may call which commands, listen
 * to or emit which events, and with what scope. Node-only (reads files, uses process.platform).
 */

export type { CapabilityProblem } from './capability-error.ts'
export { CapabilityError } from './capability-error.ts'
export type { CapabilitySchemaOptions } from './editor-schema.ts'
export { capabilitySchema } from './editor-schema.ts'
export type { CapabilityFile, PermissionFile, PlatformName, ScopeEntry } from './file-schema.ts'
export { loadCapabilityDir, loadPermissionDir } from './load.ts'
export type { AccessPolicyOptions } from './policy.ts'
export { createAccessPolicy } from './policy.ts'
export type {
  AccessDecision,
  AccessPolicy,
  Caller,
  CapabilityInput,
  CommandScope,
  PermissionDef,
  PermissionFileInput,
  PermissionSetDef,
  PluginManifest,
  PluginPermissions,
} from './types.ts'
