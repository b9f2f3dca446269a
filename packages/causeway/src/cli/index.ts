#!/usr/bin/env node
/**
 * The `causeway` command (the package's `bin`): `dev`, `build` and `start` for the app in the
 * current folder. See `main.ts`.
 */
import { main } from './main.ts'

process.exitCode = await main(process.argv.slice(2))
