/**
 * `@tauri-apps/plugin-fs` from an unmodified frontend against Causeway's fs plugin, in Chromium,
 * with a capability that scopes it to one directory: inside succeeds, outside is refused with a
 * string, as Tauri's fs errors are.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { type AccessPolicy, createAccessPolicy } from '../src/acl/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { startFixture } from './fixtures/tauri-app/harness.ts'
import { allowAll } from './support/app.ts'
import { coreManifests, manifestOf } from './support/manifests.ts'

test('readTextFile and writeTextFile work inside the fs scope and reject outside it', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'causeway-tauri-fs-'))
  t.after(() => rm(root, { recursive: true, force: true }))
  const inside = join(root, 'allowed')
  const outside = join(root, 'secret.txt')
  await writeFile(outside, 'keep out')
  await mkdir(inside)

  const fs = fsPlugin()
  // The fs commands go through real capabilities; events and app commands are not under test.
  let fsPolicy: AccessPolicy | undefined
  const policy: AccessPolicy = {
    checkCommand: (caller, command) =>
      command.startsWith('plugin:fs|') && fsPolicy ? fsPolicy.checkCommand(caller, command) : allowAll.checkCommand(caller, command),
    checkEvent: allowAll.checkEvent,
  }
  const makePolicy = (origin: string) =>
    createAccessPolicy({
      capabilities: [
        {
          identifier: 'fixture-fs',
          windows: ['main'],
          permissions: [
            'fs:allow-read-text-file',
            'fs:allow-write-text-file',
            { identifier: 'fs:scope', allow: [{ path: `${inside}/**` }, { path: inside }] },
          ],
        },
      ],
      appCommands: [],
      plugins: [...coreManifests(), manifestOf(fs)],
      appOrigins: [origin],
      dev: true,
    })
  // The policy needs the app's origin, known once it runs; the page makes no call before that.
  const { page, url, errors } = await startFixture(t, { commands: {}, plugins: [fs], policy })
  fsPolicy = makePolicy(url)

  const target = join(inside, 'note.txt')
  const text = 'héllo from a Tauri page ✓'
  const written = await page.evaluate(([p, s]) => window.fixture.writeText(p as string, s as string), [target, text])
  assert.ok('ok' in written, `written, got ${JSON.stringify(written)}`)
  assert.equal(await readFile(target, 'utf8'), text, 'the file holds exactly the text')
  assert.deepEqual(await page.evaluate((p) => window.fixture.readText(p), target), { ok: text })

  for (const outcome of [
    await page.evaluate((p) => window.fixture.readText(p), outside),
    await page.evaluate(([p, s]) => window.fixture.writeText(p as string, s as string), [outside, 'overwritten']),
  ]) {
    assert.ok('rejected' in outcome, `refused, got ${JSON.stringify(outcome)}`)
    assert.equal(outcome.type, 'string', 'fs errors reject with a string, as in Tauri')
  }
  assert.equal(await readFile(outside, 'utf8'), 'keep out', 'the file outside the scope is untouched')

  const missing = await page.evaluate((p) => window.fixture.readText(p), join(inside, 'missing.txt'))
  assert.ok(
    'rejected' in missing && typeof missing.rejected === 'string' && missing.rejected.includes('missing.txt'),
    JSON.stringify(missing),
  )
  assert.deepEqual(errors, [])
})
