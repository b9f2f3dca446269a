/** tRPC data transformer shared by both sides: top-level bytes as base64, everything else as is. */
import { boxBytes, unboxBytes } from '../../shared/bytes-json.ts'

export const bytesTransformer = {
  serialize: boxBytes,
  deserialize: unboxBytes,
}
