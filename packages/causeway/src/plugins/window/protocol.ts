/**
 * What the window plugin asks of a window's page script. Shared by Node and browser code.
 */

/** Show a new title, or close the window. */
export type WindowRequest = { title: string } | { close: true }
