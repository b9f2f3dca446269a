/**
 * The window plugin's page script: carries out what the backend asks of this window (show a new
 * title, close). Runs in every page the app serves; browser-only.
 */
import { connection } from '../../api/index.ts'

connection().onPluginMessage('window', (request) => {
  if (typeof request !== 'object' || request === null) return
  const { title, close } = request as { title?: unknown; close?: unknown }
  if (typeof title === 'string') document.title = title
  if (close === true) window.close()
})
