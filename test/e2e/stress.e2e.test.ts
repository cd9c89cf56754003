import { mkdirSync, writeFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { formatEdges, runEdges } from '../stress/edges.ts'
import { formatTable, MODES, runStress } from '../stress/harness.ts'
import { runOidcStorm } from '../stress/oidc-storm.ts'
import { launchChromium } from './browser.ts'

// `npm test` runs 10 cycles per mode; `npm run stress` runs 100 (KEYWARD_STRESS_CYCLES), and the
// edges at full scale (KEYWARD_STRESS_EDGES=full: 10 closed holders, a minute of faults, 50 races).
const CYCLES = Number(process.env.KEYWARD_STRESS_CYCLES ?? 10)
const FULL = process.env.KEYWARD_STRESS_EDGES === 'full'
const SCALE = FULL ? { closedHolders: 10, faultMs: 60_000, races: 50 } : { closedHolders: 3, faultMs: 15_000, races: 10 }
// the storm through the OpenID Connect adapter against the real oidc-provider: tabs × rotations
const OIDC = FULL ? { tabs: 25, rotations: 10 } : { tabs: 5, rotations: 3 }
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

it(
  `five and 25 tabs on localStorage never lose the session, with and without Web Locks and BroadcastChannel, on the reference backend (${CYCLES} cycles per mode) and on oidc-provider; nor at the edges`,
  async () => {
    const expiries = await runStress(browser, CYCLES)
    const oidc = await runOidcStorm(browser, OIDC.tabs, OIDC.rotations)
    const rows = [...expiries, ...oidc]
    const edges = await runEdges(browser, SCALE)
    console.log(`\nmulti-tab stress, strictest server (reuse detection on, no reuse interval)\n${formatTable(rows)}\n`)
    console.log(`\nat the edges (reuse interval 10 s, as the reference backend's default)\n${formatEdges(edges)}\n`)
    // npm run bench reports the totals of the latest run
    mkdirSync('node_modules/.cache/keyward', { recursive: true })
    writeFileSync('node_modules/.cache/keyward/stress.json', JSON.stringify({ at: new Date().toISOString(), rows, edges }, null, 2))
    expect(expiries.map((row) => [row.mode, row.lostSessions, row.reuseDetections, row.tabsDiffering, row.tokenCalls / row.cycles])).toEqual(
      MODES.map((mode) => [mode.name, 0, 0, 0, 1]),
    )
    // every rotation seen by every tab, one refresh each, none refused by the provider
    expect(oidc.map((row) => [row.cycles, row.lostSessions, row.reuseDetections, row.tabsDiffering, row.tokenCalls])).toEqual(
      oidc.map(() => [OIDC.rotations, 0, 0, 0, OIDC.rotations]),
    )
    expect(edges.map((row) => [row.scenario, row.lost, row.reuse, row.liveAfterSignOut ?? 0])).toEqual(edges.map((row) => [row.scenario, 0, 0, 0]))
  },
  // the timer modes wait for the tabs' own refreshes: about 5 s a cycle; the OpenID Connect storm 5 s a
  // rotation; the edges about 2 minutes (7 at full scale)
  CYCLES * 40_000 + OIDC.rotations * 2 * 20_000 + (FULL ? 600_000 : 240_000),
)
