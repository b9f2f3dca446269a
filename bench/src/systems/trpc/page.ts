/** Page entry for tRPC. */
import { exposeBench } from '../../page/expose.ts'
import { connect } from './client.ts'

exposeBench(() => connect(location.href, { WebSocket }))
