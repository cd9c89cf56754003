import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.ts'

const STATIC = join(process.cwd(), 'storybook-static')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' }

let browser: Browser
let server: Server
let base: string

beforeAll(async () => {
  if (!existsSync(join(STATIC, 'index.json'))) throw new Error('No Storybook build: run `npm run build-storybook` first (npm test does).')
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(STATIC, path === '/' ? 'index.html' : path)
    if (!file.startsWith(STATIC) || !existsSync(file)) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://localhost:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

const stories = existsSync(join(STATIC, 'index.json'))
  ? Object.values(JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8')).entries as Record<string, { id: string; type: string }>).filter((e) => e.type === 'story')
  : []

describe('Storybook', () => {
  it('has a story for every form', () => {
    const titles = new Set(stories.map((s) => s.id.split('--')[0]))
    expect([...titles].sort()).toEqual(['forms-account', 'forms-authflow', 'forms-mfasetup', 'forms-password', 'forms-signin', 'forms-signup', 'forms-verifyemail'])
    expect(stories.length).toBeGreaterThanOrEqual(30)
  })

  // one test per story, each in a fresh browser context: a story's state never reaches the next one
  it.for(stories)('renders $id against the reference backend, plays it, and passes axe', async (story) => {
    const failures: string[] = []
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('Failed to load resource')) errors.push(message.text())
    })
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`)
    try {
      await page.waitForFunction(() => {
        const root = document.querySelector('#storybook-root')
        return root && root.textContent !== '' && !root.textContent?.includes('Starting the reference backend')
      }, undefined, { timeout: 15_000 })
      // a play function, if any, has finished when Storybook marks the story rendered
      await page.waitForFunction(() => !document.body.classList.contains('sb-show-preparing-story'), undefined, { timeout: 15_000 })
      await page.waitForTimeout(400)
    } catch {
      failures.push(`${story.id}: did not render`)
    }
    await page.addScriptTag({ content: axeSource })
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Element, o: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe
      // the a11y addon runs its own pass after each render; wait for it rather than collide
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await axe.run(document.querySelector('#storybook-root')!, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
          return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
        } catch (error) {
          if (attempt > 20 || !String(error).includes('already running')) throw error
          await new Promise((resolve) => setTimeout(resolve, 250))
        }
      }
    })
    if (violations.length) failures.push(`${story.id}: ${violations.join('; ')}`)
    if (errors.length) failures.push(`${story.id}: ${errors.join(' | ')}`)
    await page.close()
    await context.close()
    expect(failures).toEqual([])
  })
})
