import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.ts'

const STATIC = join(process.cwd(), 'storybook-static')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' }

// Every story is also photographed, light, dark and 375 px wide, into test-results/screenshots/;
// `npm run screenshots` copies those of GALLERY into docs/screenshots/, which docs/forms.md shows.
const SHOTS = join(process.cwd(), 'test-results', 'screenshots')
const DOCS_SHOTS = join(process.cwd(), 'docs', 'screenshots')
const GALLERY = [
  'forms-signin--idle',
  'forms-signin--with-providers',
  'forms-signin--identifier-first',
  'forms-signin--identifier-first-no-account',
  'forms-signin--on-server-page',
  'forms-signin--email-code',
  'forms-signin--server-error',
  'forms-signup--idle',
  'forms-signup--verify-email',
  'forms-password--forgot',
  'forms-password--change',
  'forms-verifyemail--without-a-link',
  'forms-mfasetup--scan',
  'forms-mfasetup--enabled',
  'forms-mfasetup--challenge',
  'forms-account--account-page',
  'forms-account--account-page-hebrew',
  'forms-authflow--arabic',
  'forms-account--menu-with-items',
  'forms-account--passkey-list',
  'forms-account--passkey-cards',
  'forms-account--passkey-invitation',
  'forms-account--devices',
]
const VARIANTS = ['light', 'dark', '375px'] as const

const WCAG = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }

/** axe-core on the story's root, contrast included (real layout here). */
async function violationsOn(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  return page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run: (c: Element, o: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe
    // the a11y addon runs its own pass after each render; wait for it rather than collide
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await axe.run(document.querySelector('#storybook-root')!, options)
        return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
      } catch (error) {
        if (attempt > 20 || !String(error).includes('already running')) throw error
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  }, WCAG)
}

/**
 * Tabs through the story and measures each focused keyward element's ring against what is behind
 * it (the nearest painted ancestor): a visible outline of at least 3:1 (WCAG 1.4.11 and 2.4.13).
 */
async function focusRingProblems(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const problems: string[] = []
  const visited = new Set<string>()
  for (let stop = 0; stop < 40; stop++) {
    await page.keyboard.press('Tab')
    const found = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      if (!element || !element.closest('#storybook-root') || !element.closest('[data-keyward-form], [data-keyward-flow], [data-keyward-user-button], [data-keyward-passkey], [data-keyward-provider]')) return null
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number)
      const lum = ([r = 0, g = 0, b = 0]: number[]) => {
        const [R, G, B] = [r, g, b].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number]
        return 0.2126 * R + 0.7152 * G + 0.0722 * B
      }
      let behind = 'rgb(255, 255, 255)'
      for (let at = element.parentElement; at; at = at.parentElement) {
        const color = getComputedStyle(at).backgroundColor
        const alpha = rgb(color)[3]
        if (color !== 'rgba(0, 0, 0, 0)' && (alpha === undefined || alpha > 0.5)) {
          behind = color
          break
        }
      }
      const style = getComputedStyle(element)
      const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(behind))]
      const name = `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 30)}"`
      return { name, visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }
    })
    if (!found || visited.has(found.name)) break
    visited.add(found.name)
    if (!found.visible) problems.push(`${found.name}: no focus ring`)
    else if (found.ratio < 3) problems.push(`${found.name}: focus ring ${found.ratio.toFixed(2)}:1`)
  }
  return problems
}

/**
 * Right-to-left stories are laid out from the right: each label starts at its input's right edge,
 * each heading's text ends at the right. Nothing to check where the story is left to right.
 */
async function rtlProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    for (const root of document.querySelectorAll<HTMLElement>('#storybook-root [dir="rtl"]')) {
      if (getComputedStyle(root).direction !== 'rtl') problems.push('a dir="rtl" root is laid out left to right')
      for (const field of root.querySelectorAll('[data-keyward-field]')) {
        const label = field.querySelector('label')?.getBoundingClientRect()
        const input = field.querySelector('input')?.getBoundingClientRect()
        if (label && input && Math.abs(label.right - input.right) > 1) problems.push(`a label is not at its input's right edge (${Math.round(label.right)} vs ${Math.round(input.right)})`)
      }
      for (const heading of root.querySelectorAll<HTMLElement>('[data-keyward-heading]')) {
        const range = document.createRange()
        range.selectNodeContents(heading)
        const text = range.getBoundingClientRect()
        const box = heading.getBoundingClientRect()
        if (text.width > 0 && Math.abs(text.right - (box.right - parseFloat(getComputedStyle(heading).paddingRight))) > 1) problems.push(`the heading "${heading.textContent}" does not start at the right`)
      }
    }
    return problems
  })
}

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
  it('has every story of the docs’ gallery', () => {
    expect(GALLERY.filter((id) => !stories.some((s) => s.id === id))).toEqual([])
  })

  it('has a story for every form', () => {
    const titles = new Set(stories.map((s) => s.id.split('--')[0]))
    expect([...titles].sort()).toEqual(['forms-account', 'forms-authflow', 'forms-mfasetup', 'forms-password', 'forms-signin', 'forms-signup', 'forms-tailwind', 'forms-verifyemail'])
    expect(stories.length).toBeGreaterThanOrEqual(42)
  })

  it('looks the same under an app stylesheet that styles bare elements (button, input, label, h2, p…)', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const looks = async (id: string) => {
      await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`)
      await page.locator('#storybook-root [data-keyward-submit]').waitFor({ timeout: 15_000 })
      return page.evaluate(() =>
        Array.from(document.querySelectorAll('#storybook-root [data-keyward-form], #storybook-root [data-keyward-form] *')).map((element) => {
          const style = getComputedStyle(element)
          const box = element.getBoundingClientRect()
          const props = ['margin', 'padding', 'border', 'background-color', 'color', 'font-size', 'font-weight', 'text-transform', 'letter-spacing', 'display']
          return `${element.tagName} ${Math.round(box.width)}x${Math.round(box.height)} ${props.map((p) => style.getPropertyValue(p)).join(' | ')}`
        }),
      )
    }
    const plain = await looks('forms-authflow--sign-in-view')
    const hostile = await looks('forms-authflow--hostile-css')
    expect(hostile).toEqual(plain)
    await context.close()
  })

  it('follows docs/theming.md’s Tailwind recipe: utilities on the parts win over the theme, the preflight does not undo it', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${base}/iframe.html?id=forms-tailwind--utilities&viewMode=story`)
    const submit = page.locator('#storybook-root [data-keyward-submit]')
    await submit.waitFor({ timeout: 15_000 })
    const looks = await page.evaluate(() => {
      // what Tailwind makes of bg-teal-700 and shadow-xl, on elements of their own
      const probe = document.createElement('div')
      probe.className = 'bg-teal-700 shadow-xl'
      document.body.append(probe)
      const submit = getComputedStyle(document.querySelector('#storybook-root [data-keyward-submit]')!)
      const input = getComputedStyle(document.querySelector('#storybook-root [data-keyward-input]')!)
      const card = getComputedStyle(document.querySelector('#storybook-root [data-keyward-form]')!)
      return {
        submit: submit.backgroundColor,
        teal: getComputedStyle(probe).backgroundColor,
        shadow: card.boxShadow === getComputedStyle(probe).boxShadow,
        input: `${input.borderTopWidth} ${input.borderTopStyle} ${input.paddingLeft}`,
        label: getComputedStyle(document.querySelector('#storybook-root [data-keyward-label]')!).fontWeight,
      }
    })
    expect(looks.submit).toBe(looks.teal)
    expect(looks.shadow).toBe(true)
    // the theme's input (1 px border, 0.75 rem padding) and label weight, which the preflight resets on bare elements
    expect(looks.input).toBe('1px solid 12px')
    expect(looks.label).toBe('600')
    await context.close()
  })

  it('keeps the card’s width in Storybook’s centred (shrink-to-fit) layout while a field is fixed', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${base}/iframe.html?id=forms-authflow--sign-in-view&viewMode=story`)
    const card = page.locator('#storybook-root [data-keyward-form]')
    await card.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 15_000 })
    const width = async () => (await card.boundingBox())!.width
    const widths = [await width()]
    await card.getByRole('button', { name: 'Sign in', exact: true }).click()
    await card.locator('[data-keyward-field-error]').first().waitFor()
    widths.push(await width())
    // "Enter an email address like name@example.com." is longer than the card's content was wide
    await card.getByLabel('Email').press('a')
    await card.getByLabel('Email').press('Tab')
    await card.getByText('Enter an email address like name@example.com.').waitFor()
    widths.push(await width())
    expect(new Set(widths).size, `widths: ${widths.join(', ')}`).toBe(1)
    await context.close()
  })

  // one test per story, each in a fresh browser context: a story's state never reaches the next one
  it.for(stories)('renders $id against the reference backend, plays it, passes axe light and dark, fits 375 px, and is photographed', async (story) => {
    const failures: string[] = []
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('Failed to load resource')) errors.push(message.text())
    })
    // Storybook's own word on the story: rendered with its play function finished, or the play's error
    await page.addInitScript(() => {
      const w = window as unknown as { __STORYBOOK_ADDONS_CHANNEL__?: { on: (event: string, listener: (arg?: { message?: string }) => void) => void }; keywardStory?: string }
      const attach = () => {
        const channel = w.__STORYBOOK_ADDONS_CHANNEL__
        if (!channel) return void setTimeout(attach, 1)
        channel.on('storyRendered', () => (w.keywardStory ??= 'rendered'))
        for (const event of ['playFunctionThrewException', 'storyThrewException', 'storyErrored']) channel.on(event, (error) => (w.keywardStory = `${event}: ${error?.message ?? ''}`))
      }
      attach()
    })
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`)
    try {
      await page.waitForFunction(() => {
        const root = document.querySelector('#storybook-root')
        return root && root.textContent !== '' && !root.textContent?.includes('Starting the reference backend')
      }, undefined, { timeout: 15_000 })
      // a play function, if any, has finished when Storybook marks the story rendered
      await page.waitForFunction(() => !document.body.classList.contains('sb-show-preparing-story'), undefined, { timeout: 15_000 })
      const outcome = await page.waitForFunction(() => (window as unknown as { keywardStory?: string }).keywardStory, undefined, { timeout: 15_000 })
      const said = await outcome.jsonValue()
      if (said !== 'rendered') failures.push(`${story.id}: ${said}`)
      await page.waitForTimeout(400)
    } catch {
      failures.push(`${story.id}: did not render`)
    }
    const violations = await violationsOn(page)
    if (violations.length) failures.push(`${story.id}: ${violations.join('; ')}`)
    const shot = (variant: (typeof VARIANTS)[number]) => page.locator('#storybook-root').screenshot({ path: join(SHOTS, `${story.id}--${variant}.png`), animations: 'disabled' })
    mkdirSync(SHOTS, { recursive: true })
    // Storybook's production build lowers light-dark() (Vite 8 minifies CSS with lightningcss), as an
    // app's build would: the theme's colors must survive it
    const painted = () =>
      page.evaluate(() => {
        const input = document.querySelector('[data-keyward-input]')
        const submit = document.querySelector('[data-keyward-submit]:not([data-keyward-variant])')
        return [
          input && getComputedStyle(input).borderTopStyle === 'none' ? 'inputs have no border' : null,
          submit && getComputedStyle(submit).backgroundColor === 'rgba(0, 0, 0, 0)' ? 'the submit button has no fill' : null,
        ].filter((problem) => problem !== null)
      })
    for (const problem of await painted()) failures.push(`${story.id}: ${problem}`)
    await shot('light')
    for (const problem of await focusRingProblems(page)) failures.push(`${story.id}: ${problem}`)
    for (const problem of await rtlProblems(page)) failures.push(`${story.id} (right to left): ${problem}`)
    // dark the documented way for the forms alone (data-keyward-theme): contrast checked again
    await page.evaluate(() => {
      document.body.setAttribute('data-keyward-theme', 'dark')
      document.body.style.background = '#0b0d10'
    })
    const dark = await violationsOn(page)
    if (dark.length) failures.push(`${story.id} (dark): ${dark.join('; ')}`)
    for (const problem of await painted()) failures.push(`${story.id} (dark): ${problem}`)
    await shot('dark')
    for (const problem of await focusRingProblems(page)) failures.push(`${story.id} (dark): ${problem}`)
    await page.evaluate(() => {
      document.body.removeAttribute('data-keyward-theme')
      document.body.style.background = ''
    })
    // a phone: nothing wider than the screen
    await page.setViewportSize({ width: 375, height: 740 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    if (overflow > 0) failures.push(`${story.id}: ${overflow} px wider than a 375 px screen`)
    await shot('375px')
    if (process.env.KEYWARD_WRITE_SCREENSHOTS === '1' && GALLERY.includes(story.id)) {
      mkdirSync(DOCS_SHOTS, { recursive: true })
      for (const variant of VARIANTS) copyFileSync(join(SHOTS, `${story.id}--${variant}.png`), join(DOCS_SHOTS, `${story.id}--${variant}.png`))
    }
    if (errors.length) failures.push(`${story.id}: ${errors.join(' | ')}`)
    await page.close()
    await context.close()
    expect(failures).toEqual([])
  })
})
