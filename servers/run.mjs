// @ts-check
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The real auth servers the tests and the bench run against live in servers/<name>, each with its own
// package.json and lockfile, so that the library's own `npm install` stays lean. This installs one
// when missing (or when its lockfile changed), starts it on 127.0.0.1 and stops it. Plain JavaScript:
// the Vitest global setup and scripts/bench.mjs both use it.

const root = fileURLToPath(new URL('../', import.meta.url))

/** @type {Map<string, Promise<string>>} one install per server and process, however many ask */
const installs = new Map()

/**
 * `npm ci` in servers/<name> unless its node_modules matches its lockfile. Asynchronous, so that the
 * installs of several servers run side by side and no start timer runs while an install blocks the
 * event loop (a fresh clone's first run installs four servers). Says what it does on stderr (the
 * first run takes minutes) and fails with what to do.
 * @param {string} name
 * @returns {Promise<string>} the server's folder
 */
export function ensureInstalled(name) {
  let pending = installs.get(name)
  if (!pending) {
    pending = install(name)
    installs.set(name, pending)
    pending.catch(() => installs.delete(name))
  }
  return pending
}

/** @param {string} name */
async function install(name) {
  const dir = `${root}servers/${name}`
  const installed = `${dir}/node_modules/.package-lock.json`
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(`${dir}/package-lock.json`).mtimeMs) return dir
  const started = Date.now()
  process.stderr.write(`keyward: installing the ${name} test server (servers/${name}: npm ci, once)…\n`)
  const child = spawn('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString()
  })
  /** @type {number | null} */
  const code = await new Promise((resolve) => {
    child.once('error', (error) => {
      stderr += String(error)
      resolve(-1)
    })
    child.once('exit', (status) => resolve(status))
  })
  if (code !== 0) {
    throw new Error(`Could not install the ${name} server for the tests (cd servers/${name} && npm ci; it needs the npm registry):\n${stderr}`)
  }
  process.stderr.write(`keyward: installed the ${name} test server in ${Math.round((Date.now() - started) / 1000)} s\n`)
  return dir
}

/** @typedef {{ url: string, stop(): Promise<void> }} RunningServer */

/**
 * Starts `node servers/<name>/server.mjs`, which prints `{"url": …}` once listening; rejects with its
 * output when it exits or stays silent for `timeoutMs` (counted once it is installed).
 * @param {string} name
 * @param {number} [timeoutMs]
 * @param {string[]} [args] the server's own options (a configuration variant)
 * @returns {Promise<RunningServer>}
 */
export async function startServer(name, timeoutMs = 60_000, args = []) {
  // installed first: the start timer measures the server's start, never an install
  const dir = await ensureInstalled(name)
  // as deployed: under Vitest NODE_ENV is `test`, and better-auth, for one, then skips its origin check
  const env = { ...process.env, NODE_ENV: 'production', TEST: '' }
  const child = spawn(process.execPath, ['server.mjs', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
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
