// The edges of the stress run (issue 26): what users' browsers do to a shared session besides expiry —
// the lock holder's tab closed mid-refresh, a fault that outlasts the server's reuse interval, a
// sign-out racing a refresh — each repeated and counted as a user would notice it (signed out), as the
// server saw it (a token family revoked, refresh tokens left alive after a sign-out).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createReferenceBackend, type Fault, type ReferenceBackend, type ReferenceBackendOptions } from '../../src/testing/index.ts'
import { on, serveStressPage, type StressWindow, withoutWebLocks } from './harness.ts'

export interface EdgeRow {
  scenario: string
  tabs: number
  runs: number
  /** Runs after which some tab was no longer signed in (where it should be). */
  lost: number
  /** Rotated refresh tokens presented again past the reuse interval (each revokes a family). */
  reuse: number
  /** `POST /token` requests the server saw. */
  tokenCalls: number
  /** Refresh tokens of the user still alive after the sign-outs (`null`: no sign-out in the scenario). */
  liveAfterSignOut: number | null
}

export interface EdgeScale {
  /** Times the lock holder is closed mid-refresh. */
  closedHolders: number
  /** How long a persistent fault lasts, in ms. */
  faultMs: number
  /** Sign-outs raced against a refresh. */
  races: number
}

const PASSWORD = 'stress edge password'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await probe()) return true
    if (Date.now() > deadline) return false
    await sleep(50)
  }
}

export interface World {
  server: ReferenceBackend
  context: BrowserContext
  tabs: Page[]
  email: string
  open(): Promise<Page>
  signIn(): Promise<void>
  allSignedIn(): Promise<boolean>
  close(): Promise<void>
}

/**
 * `tabCount` tabs of one new browser context on the stress page, signed in as one new user of a new
 * reference backend; `legacy`: no Web Locks and no BroadcastChannel; `query`: the page's options.
 */
export async function world(browser: Browser, tabCount: number, options: ReferenceBackendOptions & { legacy?: boolean; query?: string } = {}): Promise<World> {
  const { legacy, query = '', ...serverOptions } = options
  const server = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000, ...serverOptions })
  const http = await serveStressPage(server)
  const email = `edges-${crypto.randomUUID().slice(0, 8)}@example.com`
  await server.admin.createUser({ email, password: PASSWORD })
  const context = await browser.newContext()
  if (legacy) await withoutWebLocks(context)
  const tabs: Page[] = []
  const self: World = {
    server,
    context,
    tabs,
    email,
    async open() {
      const page = await context.newPage()
      await page.goto(`${http.url}/${query}`)
      await page.waitForFunction(() => 'stress' in window)
      await on(page, (stress) => stress.ready())
      tabs.push(page)
      return page
    },
    async signIn() {
      await tabs[0]!.evaluate(([e, p]) => (window as unknown as StressWindow).stress.signIn(e!, p!), [email, PASSWORD])
      if (!(await until(self.allSignedIn, 10_000))) throw new Error('the tabs did not all pick up the sign-in')
    },
    allSignedIn: async () => (await Promise.all(tabs.map((tab) => on(tab, (stress) => stress.state().status)))).every((status) => status === 'signedIn'),
    async close() {
      await context.close()
      await http.close()
    },
  }
  for (let i = 0; i < tabCount; i++) await self.open()
  await self.signIn()
  return self
}

/** The tab holding the IndexedDB lease is closed while its refresh is at the server; the others carry on. */
async function closedHolder(browser: Browser, runs: number): Promise<EdgeRow> {
  const w = await world(browser, 5, { legacy: true, refreshTokenReuseInterval: 10 })
  let lost = 0
  try {
    for (let run = 0; run < runs; run++) {
      // every access token is now expired at the server; the first tab's refresh is held at the server 1.5 s
      w.server.clock.advance(901_000)
      w.server.inject({ path: '/token', fault: { kind: 'delay', ms: 1_500 } })
      const holder = w.tabs.shift()!
      await holder.evaluate(() => void (window as unknown as StressWindow).stress.refresh())
      await sleep(300)
      const answered = w.server.count('/token', 'POST') + 2
      const calls = Promise.all(w.tabs.map((tab) => on(tab, (stress) => stress.call())))
      await holder.close()
      await calls
      // the closed tab's request answered too (the server rotates it 1.5 s in) before the server's clock
      // jumps again for the next run: a clock jump under a request in flight is not what users meet
      await until(async () => w.server.count('/token', 'POST') >= answered, 10_000)
      if (!(await until(w.allSignedIn, 15_000))) {
        lost += 1
        await w.signIn()
      }
      await w.open()
      await until(w.allSignedIn, 10_000)
    }
    return { scenario: 'lock holder closed mid-refresh, no Web Locks', tabs: 5, runs, lost, reuse: w.server.refreshStats.reuseDetections, tokenCalls: w.server.count('/token', 'POST'), liveAfterSignOut: null }
  } finally {
    await w.close()
  }
}

/**
 * A 502 on every refresh for `faultMs`, the server rotating behind it (`after`) or never reached.
 * Access tokens live the fault plus 15 s; the tabs' own timers refresh 5 s in. Counted through the
 * fault where the server rotated (the session then ends with its access token: nobody holds the
 * successor), and through the token's end where it was never reached (renewed at the last call).
 */
async function persistentFault(browser: Browser, faultMs: number, after: boolean): Promise<EdgeRow> {
  const ttl = Math.ceil(faultMs / 1000) + 15
  const w = await world(browser, 5, { refreshTokenReuseInterval: 10, accessTokenTtl: ttl, query: `?margin=${ttl - 5}` })
  try {
    const fault: Fault = { kind: 'status', status: 502, body: '<html>Bad gateway</html>', after }
    const first = await on(w.tabs[0]!, (stress) => stress.state().refreshToken)
    await sleep(4_000)
    w.server.inject({ path: '/token', fault, times: 100_000 })
    let lost = 0
    const end = Date.now() + faultMs
    while (Date.now() < end) {
      if (!(await w.allSignedIn())) lost += 1
      await sleep(1_000)
    }
    w.server.clearFaults()
    if (!after) {
      // renewed at the last call, 5 s before the access token expires
      const renewed = await until(async () => (await w.allSignedIn()) && (await on(w.tabs[0]!, (stress) => stress.state().refreshToken)) !== first, ttl * 1000)
      if (!renewed) lost += 1
    } else if (!(await w.allSignedIn())) {
      lost += 1
    }
    return {
      scenario: after ? `502s for ${faultMs / 1000} s after the server rotated` : `502s for ${faultMs / 1000} s before the server`,
      tabs: 5,
      runs: 1,
      lost: Math.min(lost, 1),
      reuse: w.server.refreshStats.reuseDetections,
      tokenCalls: w.server.count('/token', 'POST'),
      liveAfterSignOut: null,
    }
  } finally {
    await w.close()
  }
}

/** A refresh, and 0–19 ms later a sign-out, in one of two tabs: what the server holds afterwards. */
async function signOutRace(browser: Browser, races: number): Promise<EdgeRow> {
  const w = await world(browser, 2, {})
  let live = 0
  let lost = 0
  try {
    for (let race = 0; race < races; race++) {
      await w.tabs[race % 2]!.evaluate((ms) => (window as unknown as StressWindow).stress.race(ms), race % 20)
      const out = await until(async () => (await Promise.all(w.tabs.map((tab) => on(tab, (stress) => stress.state().status)))).every((s) => s === 'signedOut'), 10_000)
      if (!out) lost += 1
      await sleep(100)
      live += w.server.admin.activeRefreshTokens(w.email)
      w.server.admin.revokeAllRefreshTokens()
      await w.signIn()
    }
    return { scenario: 'sign-out racing a refresh', tabs: 2, runs: races, lost, reuse: w.server.refreshStats.reuseDetections, tokenCalls: w.server.count('/token', 'POST'), liveAfterSignOut: live }
  } finally {
    await w.close()
  }
}

export async function runEdges(browser: Browser, scale: EdgeScale): Promise<EdgeRow[]> {
  return [
    await closedHolder(browser, scale.closedHolders),
    await persistentFault(browser, scale.faultMs, false),
    await persistentFault(browser, scale.faultMs, true),
    await signOutRace(browser, scale.races),
  ]
}

export function formatEdges(rows: readonly EdgeRow[]): string {
  const header = ['scenario', 'tabs', 'runs', '/token calls', 'reuse detections', 'lost sessions', 'live tokens after sign-out']
  const body = rows.map((r) => [r.scenario, r.tabs, r.runs, r.tokenCalls, r.reuse, r.lost, r.liveAfterSignOut ?? '—'].map(String))
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}
