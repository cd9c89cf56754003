import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, uniqueEmail } from './browser.ts'

// The examples as an app gets them: the package packed (npm pack), installed from the tarball next to
// each example's own lockfile, the app built for production and served, then used in Chromium.
const root = fileURLToPath(new URL('../../', import.meta.url))
const INSTALL = 10 * 60_000
let work = ''
let tarball = ''
let browser: Browser

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NODE_ENV: undefined, CI: 'true', NEXT_TELEMETRY_DISABLED: '1', ...env } })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`)
  }
}

/** examples/<name> copied beside the tarball (no node_modules, no build output), installed as an app would. */
function installExample(name: string, as: string, extra: string[] = []): string {
  const dir = join(work, as)
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (path) => !/[/\\](node_modules|dist|\.next)([/\\]|$)/.test(path.slice(join(root, 'examples', name).length)),
  })
  // the example's lockfile pins the rest (`npm install`, not `npm ci`: npm 11 refuses a lockfile without
  // the platform packages of other systems, which a lockfile written on Linux lacks)
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...extra], dir)
  return dir
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts `command` and resolves once `url` answers; the returned function stops it. */
async function start(command: string, args: string[], cwd: string, url: string, env: Record<string, string> = {}): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: undefined, NEXT_TELEMETRY_DISABLED: '1', ...env }, detached: true })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      process.kill(-child.pid!, 'SIGTERM')
    })
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited:\n${output}`)
    try {
      if ((await fetch(url)).status < 500) return stop
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop()
  throw new Error(`${command} ${args.join(' ')} did not answer ${url}:\n${output}`)
}

/**
 * For a describe block: examples/<example> installed as `as`, built with `build` (with `env`), then served
 * on a free port by the example's own `bin` with `args(port)` (or the port in the `port` variable);
 * stopped after the block.
 */
function useServedExample(options: { example: string; as: string; extra?: string[]; build: string[]; bin: string; args: (port: number) => string[]; env?: Record<string, string>; port?: string }) {
  const served = { dir: '', url: '' }
  let stop = async () => {}
  beforeAll(async () => {
    served.dir = installExample(options.example, options.as, options.extra)
    run(options.build[0]!, options.build.slice(1), served.dir, options.env)
    const port = await freePort()
    served.url = `http://localhost:${port}`
    stop = await start(join(served.dir, 'node_modules/.bin', options.bin), options.args(port), served.dir, served.url, { ...options.env, ...(options.port ? { [options.port]: String(port) } : {}) })
  }, INSTALL)
  afterAll(() => stop())
  return served
}

/** What the page logged as an error, and uncaught exceptions: a hydration mismatch shows here. */
function errorsOf(page: Page): string[] {
  const errors: string[] = []
  // a failed request is logged as an error without its URL: recorded from the response instead
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()))
  page.on('pageerror', (error) => errors.push(String(error)))
  // the browser's own favicon request is the one 404 an app without an icon gets
  page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && errors.push(`${response.status()} ${response.url()}`))
  return errors
}

async function signUp(page: Page, email: string) {
  await page.getByRole('button', { name: 'Create one' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery')
  await page.getByRole('button', { name: 'Create account' }).click()
}

async function signIn(page: Page, email: string) {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/** Through <UserButton />: the button shows who is signed in, its panel signs out. */
async function signOut(page: Page, email: string) {
  await page.getByRole('button', { name: email, exact: true }).click()
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'keyward-examples-'))
  run('npm', ['run', 'build'], root)
  run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], root)
  tarball = join(work, readdirSync(work).find((file) => file.endsWith('.tgz'))!)
  browser = await launchChromium()
}, INSTALL)

afterAll(async () => {
  await browser?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe.each([
  { react: 19, extra: [] as string[] },
  { react: 18, extra: ['react@18.3.1', 'react-dom@18.3.1', '@types/react@18', '@types/react-dom@18'] },
])('examples/vite on React $react: installed from the tarball, built, on vite preview', ({ react, extra }) => {
  const example = useServedExample({
    example: 'vite',
    as: `vite-react${react}`,
    extra,
    build: ['npm', 'run', 'build'],
    bin: 'vite',
    args: (port) => ['preview', '--port', String(port), '--strictPort', '--host', 'localhost'],
  })

  it('runs with the React it was installed with', () => {
    const installed = JSON.parse(run('node', ['-p', "JSON.stringify(require('react/package.json').version)"], example.dir)) as string
    expect(installed.split('.')[0]).toBe(String(react))
  })

  it('loads keyward with require() too (CommonJS, Jest): the default condition', () => {
    const loaded = run('node', ['-e', "const core = require('keyward/core'); const { nhost } = require('keyward/backends/nhost'); console.log(typeof core.AuthError, typeof nhost)"], example.dir)
    expect(loaded.trim()).toBe('function function')
  })

  it('passes its own test (keyward/testing: renderWithAuth)', () => {
    expect(run('npm', ['test'], example.dir)).toMatch(/2 passed/)
  })

  it('signs up, reaches the protected page, stays signed in on reload, signs out and back in', async () => {
    const page = await browser.newPage()
    const errors = errorsOf(page)
    const email = uniqueEmail('vite')
    await page.goto(example.url)
    await signUp(page, email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    expect(new URL(page.url()).pathname).toBe('/account')
    await page.reload()
    await page.getByText(`Signed in as ${email}`).waitFor()
    await signOut(page, email)
    await page.getByText('Sign in to see your account').click()
    await signIn(page, email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    expect(errors).toEqual([])
    await page.close()
  })
})

/** A page request with `cookie`, redirects not followed: the server's own answer. */
const withCookie = (url: string, cookie: string) => fetch(url, { redirect: 'manual', headers: { cookie } })

/** A JWT's payload changed and its signature kept: what a forger can make without the auth server's key. */
function forge(token: string): string {
  const [head, payload, signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
  return [head, Buffer.from(JSON.stringify({ ...claims, 'https://hasura.io/jwt/claims': { 'x-hasura-default-role': 'admin' } })).toString('base64url'), signature].join('.')
}

type Mode = 'cookie' | 'token-route'

/**
 * The journeys of a server-rendered example in one mode — cookie: the session in keyward's cookie,
 * written by the page (cookieStorage()); token-route: the refresh token in the route's httpOnly cookie,
 * the access token in the page's memory (viaTokenRoute) — with the statuses its framework redirects with,
 * and whether the app renews an expired session on the server in front of the render (middleware).
 */
function serverRenderedJourneys(example: { url: string }, mode: Mode, redirects: number[], renewsOnServer = false) {
  it('keeps signed-out visitors off the protected route, on the server', async () => {
    const reply = await fetch(`${example.url}/account`, { redirect: 'manual' })
    expect(redirects).toContain(reply.status)
    expect(new URL(reply.headers.get('location')!, example.url).pathname).toBe('/')
  })

  it('signs up and in with <AuthFlow /> from a server component, and a reload renders signed in on the server, with no hydration error', async () => {
    const page = await browser.newPage()
    const errors = errorsOf(page)
    const email = uniqueEmail('next')
    await page.goto(example.url)
    await signUp(page, email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    expect(new URL(page.url()).pathname).toBe('/account')

    // the server renders the account from the verified session: the first HTML already says who
    const reload = await page.reload()
    expect(await reload!.text()).toContain(email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    // and the home page, signed in, never shows the sign-in form (not even before hydration)
    const home = await page.goto(example.url)
    const html = await home!.text()
    expect(html).toContain('Your account')
    expect(html).not.toContain('Create one')

    await page.goto(`${example.url}/account`)
    await signOut(page, email)
    await page.waitForURL(example.url + '/')
    await signIn(page, email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses a forged session cookie and an expired one on the server', async () => {
    const page = await browser.newPage()
    const email = uniqueEmail('next-forged')
    await page.goto(example.url)
    await signUp(page, email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    const session = (await page.context().cookies()).find((c) => c.name === 'keyward-session')!
    const stored = JSON.parse(decodeURIComponent(session.value)) as { accessToken: string }
    const cookie = (value: object) => `keyward-session=${encodeURIComponent(JSON.stringify(value))}`
    await page.close()

    expect((await withCookie(`${example.url}/account`, cookie(stored))).status).toBe(200)
    const forged = await withCookie(`${example.url}/account`, cookie({ ...stored, accessToken: forge(stored.accessToken) }))
    expect(redirects).toContain(forged.status)
    // the same cookie, once its access token expired (20 seconds here): refused, however genuine
    await expect
      .poll(async () => (await withCookie(`${example.url}/account`, cookie(stored))).status, { timeout: 90_000, interval: 2_000 })
      .toBeGreaterThanOrEqual(300)
  })

  if (mode === 'token-route' && renewsOnServer) {
    it('renders signed in from the first byte a page opened after the access token expired (renewed on the server, in front of the render)', async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      const email = uniqueEmail('next-expired')
      await page.goto(example.url)
      await signUp(page, email)
      await page.getByText(`Signed in as ${email}`).waitFor()
      await page.close()
      // no page open: nothing renews the session until its access token (20 seconds here) has expired
      const stored = JSON.parse(decodeURIComponent((await context.cookies()).find((c) => c.name === 'keyward-session')!.value)) as { accessTokenExpiresAt: number }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, stored.accessTokenExpiresAt - Date.now()) + 2_000))
      const again = await context.newPage()
      const reply = await again.goto(`${example.url}/account`)
      expect(new URL(again.url()).pathname).toBe('/account')
      expect(await reply!.text()).toContain(email)
      await context.close()
    })
  }

  it(mode === 'token-route' ? 'keeps the refresh token where no script on the page reaches it' : 'keeps the session in a cookie the page writes (readable by its scripts, as localStorage is)', async () => {
    const page = await browser.newPage()
    const bodies: Array<Promise<string>> = []
    page.on('response', (response) => {
      if (new URL(response.url()).origin === example.url) bodies.push(response.text().catch(() => ''))
    })
    const email = uniqueEmail(`next-${mode}`)
    await page.goto(example.url)
    await signUp(page, email)
    await page.getByText(`Signed in as ${email}`).waitFor()
    const cookies = await page.context().cookies()
    const seenByScripts = await page.evaluate(() => JSON.stringify([document.cookie, { ...localStorage }, { ...sessionStorage }]))
    if (mode === 'cookie') {
      const session = cookies.find((c) => c.name === 'keyward-session')!
      expect(session.httpOnly).toBe(false)
      expect(seenByScripts).toContain('keyward-session=')
      await page.close()
      return
    }
    const refresh = cookies.find((c) => c.name === 'keyward-refresh')!
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(cookies.find((c) => c.name === 'keyward-session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    const token = decodeURIComponent(refresh.value)
    expect(token.length).toBeGreaterThan(10)
    // nothing a script reads: cookies, storage, the page's own memory of the session, nor any reply the page received
    expect(seenByScripts).not.toContain(token)
    expect(seenByScripts).not.toContain('keyward-refresh')
    // the session is renewed through the route (20-second tokens): still out of reach after the rotation
    await page.reload()
    await page.getByText(`Signed in as ${email}`).waitFor()
    await expect.poll(async () => decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'keyward-refresh')?.value ?? ''), { timeout: 60_000, interval: 1_000 }).not.toBe(token)
    for (const body of await Promise.all(bodies)) expect(body).not.toContain(token)
    const rotated = decodeURIComponent((await page.context().cookies()).find((c) => c.name === 'keyward-refresh')!.value)
    for (const body of await Promise.all(bodies)) expect(body).not.toContain(rotated)
    expect(await page.evaluate(() => document.cookie)).not.toContain(rotated)
    await page.getByText(`Signed in as ${email}`).waitFor()
    await page.close()
  })
}

describe.each(['cookie', 'token-route'] as const)('examples/next in %s mode: App Router, installed from the tarball, next build and next start', (mode) => {
  const example = useServedExample({
    example: 'next',
    as: `next-${mode}`,
    build: ['npm', 'run', 'build'],
    bin: 'next',
    args: (port) => ['start', '--port', String(port), '--hostname', 'localhost'],
    // 20-second access tokens: an expired cookie within the test's reach (the page renews before expiry)
    env: { NEXT_PUBLIC_KEYWARD_MODE: mode, KEYWARD_REFERENCE_ACCESS_TTL: '20' },
  })
  // proxy.ts answers first (303, redirectIfSignedOut); the page's redirect() would be a 307; in
  // token-route mode it renews an expired session in front of the render
  serverRenderedJourneys(example, mode, [303], true)
})

describe.each(['cookie', 'token-route'] as const)('examples/react-router in %s mode: framework mode, installed from the tarball, react-router build and react-router-serve', (mode) => {
  const example = useServedExample({
    example: 'react-router',
    as: `react-router-${mode}`,
    build: ['npm', 'run', 'build'],
    bin: 'react-router-serve',
    args: () => ['./build/server/index.js'],
    env: { VITE_KEYWARD_MODE: mode, KEYWARD_REFERENCE_ACCESS_TTL: '20', HOST: 'localhost' },
    port: 'PORT',
  })
  // the loaders renew an expired session (token-route mode) before they verify it
  serverRenderedJourneys(example, mode, [302, 303], true)
})
