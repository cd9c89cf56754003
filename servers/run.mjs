import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The real auth servers the tests run against live in servers/<name>, each with its own package.json
// and lockfile, so that the library's own `npm install` stays lean. The test setup installs one when
// missing (or when its lockfile changed), starts it on 127.0.0.1 and stops it after the run.

const root = fileURLToPath(new URL('../../', import.meta.url))

/** `npm ci` in servers/<name> unless its node_modules matches its lockfile. Fails with what to do. */
export function ensureInstalled(name: string): string {
  const dir = `${root}servers/${name}`
  const installed = `${dir}/node_modules/.package-lock.json`
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(`${dir}/package-lock.json`).mtimeMs) return dir
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`Could not install the ${name} server for the tests (cd servers/${name} && npm ci):\n${result.stderr}`)
  }
  return dir
}

export interface RunningServer {
  url: string
  stop(): Promise<void>
}

/**
 * Starts `node servers/<name>/server.mjs`, which prints `{"url": …}` once listening; rejects with its
 * output when it exits or stays silent for `timeoutMs`.
 */
export function startServer(name: string, timeoutMs = 60_000): Promise<RunningServer> {
  const dir = ensureInstalled(name)
  const child = spawn(process.execPath, ['server.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`The ${name} server ${why}:\n${output}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs / 1000} s`), timeoutMs)
    child.once('exit', (code) => fail(`exited (${code})`))
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const line = output.split('\n').find((l) => l.startsWith('{"url"'))
      if (!line) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      const { url } = JSON.parse(line) as { url: string }
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
  })
}

/** The version a server folder pins, for reports. */
export const serverVersion = (name: string, pkg: string) =>
  (JSON.parse(readFileSync(`${root}servers/${name}/node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version
