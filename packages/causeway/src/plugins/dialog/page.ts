/**
 * The dialog plugin's page script: draws the dialogs the backend sends this window. Loaded only
 * in apps that use the dialog plugin; browser-only.
 */
import { connection } from '../../api/index.ts'
import { showDialog } from './page-ui.ts'

const conn = connection()
conn.onPluginMessage('dialog', (request) => showDialog(request, conn))
