// @ts-check
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The real auth servers the tests and the bench run against live in servers/<name>, each with its own
// package.json and lockfile, so that the library's own `npm install` stays lean. This installs one
// when missing (or when its lockfile changed), starts it on 127.0.0.1 and stops it. Plain JavaScript:
// the Vitest global setup and scripts/bench.mjs both use it.

const root = fileURLToPath(new URL('../', import.meta.url))

/**
 * `npm ci` in servers/<name> unless its node_modules matches its lockfile. Fails with what to do.
 * @param {string} name
 * @returns {string} the server's folder
 */
export function ensureInstalled(name) {
  const dir = `${root}servers/${name}`
  const installed = `${dir}/node_modules/.package-lock.json`
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(`${dir}/package-lock.json`).mtimeMs) return dir
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`Could not install the ${name} server for the tests (cd servers/${name} && npm ci):\n${result.stderr}`)
  }
  return dir
}

/** @typedef {{ url: string, stop(): Promise<void> }} RunningServer */

/**
 * Starts `node servers/<name>/server.mjs`, which prints `{"url": …}` once listening; rejects with its
 * output when it exits or stays silent for `timeoutMs`.
 * @param {string} name
 * @returns {Promise<RunningServer>}
 */
export function startServer(name, timeoutMs = 60_000) {
  const dir = ensureInstalled(name)
  // as deployed: under Vitest NODE_ENV is `test`, and better-auth, for one, then skips its origin check
  const env = { ...process.env, NODE_ENV: 'production', TEST: '' }
  const child = spawn(process.execPath, ['server.mjs'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    /** @param {string} why */
    const fail = (why) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`The ${name} server ${why}:\n${output}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs / 1000} s`), timeoutMs)
    child.once('exit', (code) => fail(`exited (${code})`))
    child.stderr.on('data', (chunk) => {
      output += chunk.toString()
    })
    child.stdout.on('data', (chunk) => {
      output += chunk.toString()
      const line = output.split('\n').find((l) => l.startsWith('{"url"'))
      if (!line) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      const { url } = JSON.parse(line)
      resolve({
        url,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(undefined)
            child.once('exit', () => done(undefined))
            child.kill('SIGTERM')
          }),
      })
    })
  })
}
