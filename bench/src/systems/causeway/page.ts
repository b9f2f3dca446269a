/** Page entry for Causeway; the library reads the window token from the launch URL itself. */
import { exposeBench } from '../../page/expose.ts'
import { connect } from './client.ts'

exposeBench(() => connect(location.href, { WebSocket }))
