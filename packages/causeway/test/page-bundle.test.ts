/**
 * What a page pays for `causewayjs/api`: bundled as a user would (esbuild, browser platform, the
 * `source` condition), it holds the browser entry and the shared core only, no plugin's page UI
 * and no Node module. The dialog plugin's window script is bundled the same way to show that the
 * dialog UI is detectable when it is there.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, build, type Metafile } from 'esbuild'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

/** A class name only the dialog window's UI (src/plugins/dialog/page-window.ts) contains. */
const DIALOG_UI_MARK = 'causeway-dialog-buttons'
/** How the window plugin's page script (src/plugins/window/page.ts) subscribes, once bundled. */
const WINDOW_PAGE_MARK = 'onPluginMessage("window"'

interface Bundle {
  code: string
  /** Input files, relative to the package directory (`src/api/index.ts`). */
  inputs: string[]
  /** Every import esbuild saw, resolved or left external. */
  imports: string[]
}

async function bundle(options: BuildOptions): Promise<Bundle> {
  const result = await build({
    ...options,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    absWorkingDir: packageDir,
    metafile: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  })
  const metafile: Metafile = result.metafile
  return {
    code: result.outputFiles.map((file) => file.text).join('\n'),
    inputs: Object.keys(metafile.inputs).filter((input) => input !== '<stdin>'),
    imports: Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path)),
  }
}

/** A page that uses every export of the browser entry, so tree shaking cannot hide anything. */
function bundleApiPage(): Promise<Bundle> {
  return bundle({
    stdin: {
      contents: `import * as causeway from 'causewayjs/api'\nglobalThis.causeway = causeway\nawait causeway.invoke('greet')`,
      resolveDir: packageDir,
      loader: 'ts',
    },
  })
}

test('a page importing causewayjs/api bundles only src/api and src/core', async () => {
  const { inputs } = await bundleApiPage()
  assert.ok(inputs.includes('src/api/index.ts'), `the entry itself is bundled: ${inputs.join(', ')}`)
  const outside = inputs.filter((input) => !input.startsWith('src/api/') && !input.startsWith('src/core/'))
  assert.deepEqual(outside, [], 'files outside src/api and src/core in the page bundle')
})

test('the api bundle has no plugin page code and no Node import', async () => {
  const { code, imports } = await bundleApiPage()
  assert.ok(!code.includes(DIALOG_UI_MARK), 'the dialog UI is in the api bundle')
  assert.ok(!code.includes(WINDOW_PAGE_MARK), "the window plugin's page script is in the api bundle")
  assert.deepEqual(
    imports.filter((path) => path.startsWith('node:')),
    [],
    'node: imports',
  )
  assert.doesNotMatch(code, /["']node:/)
})

test("the window plugin's page script, bundled alone, carries the window mark", async () => {
  const { code } = await bundle({ entryPoints: ['src/plugins/window/page.ts'] })
  assert.ok(code.includes(WINDOW_PAGE_MARK))
})

test("the dialog window's script does bundle the dialog UI, and nothing of Node", async () => {
  const { code, inputs, imports } = await bundle({ entryPoints: ['src/plugins/dialog/page-window.ts'] })
  assert.ok(inputs.includes('src/plugins/dialog/page-window.ts'), `page-window.ts is an input: ${inputs.join(', ')}`)
  assert.ok(code.includes(DIALOG_UI_MARK), 'the dialog UI mark is in the bundle')
  const outside = inputs.filter((input) => !/^src\/(api|core|plugins\/dialog)\//.test(input))
  assert.deepEqual(outside, [], 'files outside src/api, src/core and the dialog plugin')
  assert.deepEqual(
    imports.filter((path) => path.startsWith('node:')),
    [],
    'node: imports',
  )
})
