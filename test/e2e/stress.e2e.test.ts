import { mkdirSync, writeFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { formatTable, MODES, runStress } from '../stress/harness.ts'
import { launchChromium } from './browser.ts'

// `npm test` runs 10 cycles per mode; `npm run stress` runs 100 (KEYWARD_STRESS_CYCLES).
const CYCLES = Number(process.env.KEYWARD_STRESS_CYCLES ?? 10)
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

it(
  `five tabs on localStorage never lose the session, with and without Web Locks and BroadcastChannel (${CYCLES} cycles per mode)`,
  async () => {
    const rows = await runStress(browser, CYCLES)
    const table = formatTable(rows)
    console.log(`\nmulti-tab stress, strictest server (reuse detection on, no reuse interval)\n${table}\n`)
    // npm run bench reports the totals of the latest run
    mkdirSync('node_modules/.cache/keyward', { recursive: true })
    writeFileSync('node_modules/.cache/keyward/stress.json', JSON.stringify({ at: new Date().toISOString(), rows }, null, 2))
    expect(rows.map((row) => [row.mode, row.lostSessions, row.reuseDetections, row.tabsDiffering])).toEqual(
      MODES.map((mode) => [mode.name, 0, 0, 0]),
    )
  },
  // the timer modes wait for the tabs' own refreshes: about 5 s a cycle
  CYCLES * 30_000 + 60_000,
)
