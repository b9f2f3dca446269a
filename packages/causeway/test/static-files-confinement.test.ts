/**
 * The frontend server serves files under `frontendDist` and nothing else: encoded `..`
 * segments, absolute paths and symlinks pointing outside are refused, over raw HTTP requests
 * (a browser would normalize the path before sending it; an attacker's client does not).
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { startApp } from './support/app.ts'

/** Sends `path` exactly as written (no URL normalization) and returns status and body. */
function rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function layout(t: TestContext) {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-static-')))
  t.after(() => rm(root, { recursive: true, force: true }))
  const dist = join(root, 'dist')
  await mkdir(join(dist, 'assets'), { recursive: true })
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>app</title>')
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log("app")')
  await writeFile(join(root, 'secret.txt'), 'TOP SECRET')
  await symlink(join(root, 'secret.txt'), join(dist, 'link-out.txt'))
  await symlink(root, join(dist, 'dir-out'))
  const { url } = await startApp(t, { commands: {}, frontendDist: dist })
  return { url }
}

test('files inside frontendDist are served', async (t) => {
  const { url } = await layout(t)
  const ok = await rawGet(url, '/assets/app.js')
  assert.equal(ok.status, 200)
  assert.equal(ok.body, 'console.log("app")')
})

test('encoded and plain dot-dot paths never leave frontendDist', async (t) => {
  const { url } = await layout(t)
  for (const path of [
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/../secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
  ]) {
    const res = await rawGet(url, path)
    assert.ok(!res.body.includes('TOP SECRET'), `${path} leaked the file outside frontendDist (status ${res.status})`)
  }
})

test('a symlink inside frontendDist pointing outside is not followed', async (t) => {
  const { url } = await layout(t)
  for (const path of ['/link-out.txt', '/dir-out/secret.txt']) {
    const res = await rawGet(url, path)
    assert.equal(res.status, 404, `${path} answered ${res.status}`)
    assert.ok(!res.body.includes('TOP SECRET'))
  }
})
