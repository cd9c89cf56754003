// The multi-tab stress run (issue 8): five tabs of one Chromium profile share a session in
// localStorage against the reference backend over loopback, configured as the strictest server
// (reuse detection on, no reuse interval: a rotated refresh token presented again revokes the whole
// family). Each mode drives access-token expiry cycles and counts what a user would notice.
import { build } from 'esbuild'
import type { Handoff } from '../../src/core/handoff.ts'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createReferenceBackend, type ReferenceBackend } from '../../src/testing/index.ts'
import { serve } from '../../src/testing/node.ts'

export interface StressMode {
  name: string
  /** `calls`: the server clock jumps past expiry and every tab fires API calls at once; `timers`: short tokens, the tabs' own refresh timers. */
  driver: 'calls' | 'timers'
  /** Delete `navigator.locks` and `BroadcastChannel` before the library loads (older browsers, some webviews). */
  legacy: boolean
  /** Tabs sharing the session. Default 5. */
  tabs?: number
}

export const MODES: readonly StressMode[] = [
  { name: 'API calls after expiry', driver: 'calls', legacy: false },
  { name: 'refresh timers', driver: 'timers', legacy: false },
  { name: 'API calls, no Web Locks / BroadcastChannel', driver: 'calls', legacy: true },
  { name: 'refresh timers, no Web Locks / BroadcastChannel', driver: 'timers', legacy: true },
  { name: '25 tabs, API calls after expiry', driver: 'calls', legacy: false, tabs: 25 },
  { name: '25 tabs, API calls, no Web Locks / BroadcastChannel', driver: 'calls', legacy: true, tabs: 25 },
]

export interface StressRow {
  mode: string
  tabs: number
  cycles: number
  /** `POST /token` requests the server saw. */
  tokenCalls: number
  /** Rotated refresh tokens presented again (each revokes a family on this server). */
  reuseDetections: number
  /** Cycles after which some tab was no longer signed in. */
  lostSessions: number
  /** Cycles after which the signed-in tabs did not all hold the same session. */
  tabsDiffering: number
}

const TABS = 5
const PASSWORD = 'stress test password'
/** Access-token lifetime in the timer modes, and the margin: tabs refresh 5 s into each token. */
const SHORT_TTL = 6
const SHORT_MARGIN = 1

interface TabState {
  status: string
  refreshToken: string | null
  error: string | null
}
export type StressWindow = {
  stress: {
    handoff(leaseMs: number): Promise<Handoff | null>
    ready(): Promise<string>
    state(): TabState
    refresh(): Promise<string>
    stored(): string | null
    signIn(email: string, password: string): Promise<string>
    toProvider(): Promise<void>
    call(): Promise<number | string>
    signOut(): Promise<string>
    race(signOutAfter: number): Promise<[string, string]>
    adopt(value: unknown): Promise<string>
    churn(count: number): Promise<void>
  }
}

async function bundlePage(): Promise<Map<string, { type: string; body: Uint8Array }>> {
  const result = await build({
    entryPoints: { stress: new URL('./page.ts', import.meta.url).pathname },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/stress',
    write: false,
    logLevel: 'silent',
  })
  const files = new Map<string, { type: string; body: Uint8Array }>()
  for (const file of result.outputFiles) files.set(file.path, { type: 'text/javascript', body: file.contents })
  files.set('/', {
    type: 'text/html',
    body: new TextEncoder().encode('<!doctype html><title>keyward stress</title><script type="module" src="/stress/stress.js"></script>'),
  })
  return files
}

/** Serves the stress page (bundled from the sources) and, at `/auth/v1`, the reference backend, on http://localhost. */
export async function serveStressPage(server: ReferenceBackend) {
  const files = await bundlePage()
  return serve(async (request) => {
    const url = new URL(request.url)
    if (url.pathname.startsWith('/auth/v1/')) return server.fetch(request)
    const file = files.get(url.pathname)
    return file ? new Response(Buffer.from(file.body), { headers: { 'content-type': file.type } }) : new Response('not found', { status: 404 })
  })
}

/** Runs `fn` in the page with its `window.stress` handle (written in Node, sent as source). */
export const on = <T>(page: Page, fn: (stress: StressWindow['stress']) => T | Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.stress)`) as Promise<T>

/** Every page of `context` loads without `navigator.locks` and `BroadcastChannel` (older browsers, some webviews). */
export async function withoutWebLocks(context: BrowserContext) {
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { value: undefined, configurable: true })
    Reflect.deleteProperty(globalThis, 'BroadcastChannel')
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (ok(value) || Date.now() > deadline) return value
    await sleep(50)
  }
}

const states = (pages: Page[]) => Promise.all(pages.map((page) => page.evaluate(() => (window as unknown as StressWindow).stress.state())))
const allOn = (tabs: TabState[]) =>
  tabs.every((tab) => tab.status === 'signedIn' && tab.refreshToken !== null && tab.refreshToken === tabs[0]?.refreshToken)

async function runMode(browser: Browser, mode: StressMode, cycles: number): Promise<StressRow> {
  const server: ReferenceBackend = createReferenceBackend({
    basePath: '/auth/v1',
    refreshTokenReuseInterval: 0,
    accessTokenTtl: mode.driver === 'timers' ? SHORT_TTL : 900,
    passwordHashIterations: 1000,
  })
  const http = await serveStressPage(server)
  const email = `stress-${crypto.randomUUID().slice(0, 8)}@example.com`
  await server.admin.createUser({ email, password: PASSWORD })

  let context: BrowserContext | undefined
  try {
    context = await browser.newContext()
    if (mode.legacy) await withoutWebLocks(context)
    const query = mode.driver === 'timers' ? `?reuse=0&margin=${SHORT_MARGIN}` : '?reuse=0'
    const pages: Page[] = []
    for (let i = 0; i < (mode.tabs ?? TABS); i++) {
      const page = await context.newPage()
      await page.goto(`${http.url}/${query}`)
      await page.waitForFunction(() => 'stress' in window)
      await page.evaluate(() => (window as unknown as StressWindow).stress.ready())
      pages.push(page)
    }
    const signIn = async () => {
      await pages[0]!.evaluate(([e, p]) => (window as unknown as StressWindow).stress.signIn(e!, p!), [email, PASSWORD])
      return until(() => states(pages), allOn, 10_000)
    }
    if (!allOn(await signIn())) throw new Error('the tabs did not all pick up the first sign-in')

    const before = server.count('/token', 'POST')
    const reusedBefore = server.refreshStats.reuseDetections
    let lostSessions = 0
    let tabsDiffering = 0
    for (let cycle = 0; cycle < cycles; cycle++) {
      if (mode.driver === 'calls') {
        // every access token is now expired at the server; each tab fires three calls at once
        server.clock.advance(901_000)
        await Promise.all(pages.map((page) => page.evaluate(() => {
          const { stress } = window as unknown as StressWindow
          return Promise.all([stress.call(), stress.call(), stress.call()])
        })))
      } else {
        const rotated = server.refreshStats.rotations + server.refreshStats.reuseDetections
        await until(async () => server.refreshStats.rotations + server.refreshStats.reuseDetections, (n) => n > rotated, (SHORT_TTL + 10) * 1000)
      }
      // let the tabs settle: the refresh and its handoff to every tab (at once on an idle machine;
      // the bound leaves room for a busy one, and is only reached when the tabs do not agree)
      const settled = await until(() => states(pages), allOn, 10_000)
      if (settled.some((tab) => tab.status !== 'signedIn')) {
        lostSessions += 1
        await signIn()
      } else if (!allOn(settled)) {
        tabsDiffering += 1
      }
    }
    return {
      mode: mode.name,
      tabs: pages.length,
      cycles,
      tokenCalls: server.count('/token', 'POST') - before,
      reuseDetections: server.refreshStats.reuseDetections - reusedBefore,
      lostSessions,
      tabsDiffering,
    }
  } finally {
    await context?.close()
    await http.close()
  }
}

/** Runs every mode (`cycles` each) and returns the table. */
export async function runStress(browser: Browser, cycles: number, modes: readonly StressMode[] = MODES): Promise<StressRow[]> {
  const rows: StressRow[] = []
  for (const mode of modes) rows.push(await runMode(browser, mode, cycles))
  return rows
}

export function formatTable(rows: readonly StressRow[]): string {
  const header = ['mode', 'tabs', 'cycles', '/token calls', '/token per expiry', 'reuse detections', 'lost sessions', 'tabs differing']
  const body = rows.map((r) =>
    [r.mode, r.tabs, r.cycles, r.tokenCalls, (r.tokenCalls / r.cycles).toFixed(2), r.reuseDetections, r.lostSessions, r.tabsDiffering].map(String),
  )
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}
