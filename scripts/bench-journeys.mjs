// The bytes a real sign-in loads: two apps (bench/journeys/) built for production by Vite against the
// built package (dist/, through package.json#exports, as an app installs it), served with the
// reference backend on http://localhost and driven in Chromium. Every script the page fetches is
// counted (gzip, level 9), except React, ReactDOM and TanStack Query, which the build puts in a chunk
// of their own ("peers-…"): an app has them anyway. The app's own code and the bundler's runtime are
// measured by building the same app against an empty stand-in for keyward, and taken off.
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const PEERS = /[\\/]node_modules[\\/](react|react-dom|scheduler|@tanstack[\\/](react-query|query-core))[\\/]/

/** Resolves `keyward` and `keyward/…` through package.json#exports to dist/, as an app's bundler would. */
function builtPackage(root) {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'))
  return {
    name: 'keyward-built',
    enforce: 'pre',
    resolveId(id) {
      if (!/^keyward(\/.*)?$/.test(id)) return null
      const entry = pkg.exports[id === 'keyward' ? '.' : `.${id.slice('keyward'.length)}`]
      if (!entry) throw new Error(`${id} is not exported`)
      return resolve(root, entry.default)
    },
  }
}

/** Resolves every `keyward…` import to a module exporting the names imported, each `() => null`: the app without keyward. */
function emptyPackage(dir) {
  const names = new Set()
  for (const file of ['headless.tsx', 'authflow.tsx']) {
    for (const [, list] of readFileSync(join(dir, file), 'utf8').matchAll(/import \{([^}]*)\} from 'keyward[^']*'/g)) {
      for (const name of list.split(',')) names.add(name.trim().replace(/^type /, ''))
    }
  }
  return {
    name: 'keyward-empty',
    enforce: 'pre',
    resolveId: (id) => (/^keyward(\/.*)?$/.test(id) ? `\0keyward-empty${id.endsWith('.css') ? '.css' : '.js'}` : null),
    load: (id) => (id.startsWith('\0keyward-empty') ? (id.endsWith('.css') ? '' : [...names].map((name) => `export const ${name} = () => null`).join('\n')) : null),
  }
}

async function buildApps(root, outDir, { empty = false } = {}) {
  const { build } = await import('vite')
  const { default: react } = await import('@vitejs/plugin-react')
  const dir = resolve(root, 'bench/journeys')
  // a production build sets NODE_ENV for the process: put it back for what the bench runs after
  const nodeEnv = process.env.NODE_ENV
  // each app built on its own, as an app is: its code and keyward's in one entry chunk, React's apart
  for (const app of ['headless', 'authflow']) {
    await build({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      plugins: [empty ? emptyPackage(dir) : builtPackage(root), react()],
      build: {
        outDir,
        emptyOutDir: app === 'headless',
        rollupOptions: {
          input: { [app]: join(dir, `${app}.html`) },
          output: { manualChunks: (id) => (PEERS.test(id) ? 'peers' : undefined) },
        },
      },
    })
  }
  if (nodeEnv === undefined) delete process.env.NODE_ENV
  else process.env.NODE_ENV = nodeEnv
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }

/** The built apps and the reference backend at /auth/v1 on one origin. */
async function serveApps(outDir, reference) {
  const server = createServer(async (req, res) => {
    try {
      if (req.url.startsWith('/auth/v1')) {
        const chunks = []
        for await (const chunk of req) chunks.push(chunk)
        const body = chunks.length ? Buffer.concat(chunks) : undefined
        const reply = await reference.fetch(new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers, body }))
        res.writeHead(reply.status, Object.fromEntries(reply.headers))
        res.end(Buffer.from(await reply.arrayBuffer()))
        return
      }
      const path = join(outDir, decodeURIComponent(new URL(req.url, 'http://x').pathname))
      const file = readFileSync(path)
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(file)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((ready) => server.listen(0, 'localhost', ready))
  return { url: `http://localhost:${server.address().port}`, close: () => new Promise((done) => server.close(done)) }
}

/**
 * Loads `url` in a fresh Chromium context and signs in as `email` (with the TOTP code `totp()` gives,
 * when given). Answers the gzip bytes of the scripts requested by three moments — the form shown, the
 * page idle before the user types, signed in — and what sits on the critical path: script chunks
 * requested after the HTML's own before the form showed, and after the submit before the sign-in
 * request left; and what passkey autofill cost before the user typed.
 */
async function journey(browser, url, { email, password, totp, fillCode }) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const requested = [] // script URLs, in request order
  const bodies = new Map()
  let signInSentAt = -1
  let passkeyRequests = 0
  page.on('request', (request) => {
    const target = new URL(request.url())
    if (target.pathname.endsWith('.js')) requested.push(request.url())
    if (target.pathname.endsWith('/signin/email-password') && signInSentAt < 0) signInSentAt = requested.length
    if (target.pathname.includes('/webauthn')) passkeyRequests++
  })
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) bodies.set(response.url(), response.body().catch(() => Buffer.alloc(0)))
  })
  const html = await (await fetch(url)).text()
  const inHtml = new Set([...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map(([, path]) => new URL(path, url).href))
  await page.goto(url)
  const emailField = page.getByLabel('Email', { exact: true })
  await emailField.waitFor()
  const shown = requested.length
  // the page sitting idle: what it fetches before the user types
  for (let quiet = 0, seen = requested.length; quiet < 5; ) {
    await page.waitForTimeout(100)
    quiet = requested.length === seen ? quiet + 1 : 0
    seen = requested.length
  }
  const idle = requested.length
  const passkeyBeforeTyping = passkeyRequests
  await emailField.fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  const submitAt = requested.length
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  if (totp) await fillCode(page, totp())
  await page.getByText(`Signed in as ${email}`).waitFor()
  await page.waitForLoadState('networkidle')
  const gz = async (u) => gzipSync(await bodies.get(u), { level: 9 }).length
  const bytes = async (count) => {
    let total = 0
    for (const u of new Set(requested.slice(0, count))) if (!/\/peers-[^/]*\.js$/.test(u)) total += await gz(u)
    return total
  }
  const loadedBefore = async (count, pattern) => {
    for (const u of new Set(requested.slice(0, count))) if (pattern.test((await bodies.get(u)).toString('utf8'))) return true
    return false
  }
  const result = {
    shown: await bytes(shown),
    idle: await bytes(idle),
    signedIn: await bytes(requested.length),
    lazyBeforeForm: requested.slice(0, shown).filter((u) => !inHtml.has(u)).length,
    lazyBeforeRequest: signInSentAt < 0 ? Number.NaN : signInSentAt - submitAt,
    passkeyBeforeTyping,
    // a message of @simplewebauthn/browser's: the WebAuthn library was fetched
    webAuthnBeforeTyping: await loadedBefore(idle, /Authentication ceremony was sent an abort signal/),
  }
  await context.close()
  return result
}

/** The gzip bytes of an app built against an empty keyward: its own code and the bundler's runtime. */
function appAlone(outDir, app) {
  const html = readFileSync(join(outDir, `${app}.html`), 'utf8')
  let total = 0
  for (const [, path] of html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)) if (!/peers-/.test(path)) total += gzipSync(readFileSync(join(outDir, path)), { level: 9 }).length
  return total
}

const CHROMIUM = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** Chromium through playwright-core, or an error that says what to install (never a silent skip). */
async function launchChromium() {
  const executablePath = CHROMIUM.find((path) => path && existsSync(path))
  if (!executablePath) throw new Error('npm run bench drives Chromium for the journey bytes: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH')
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update'] })
}

/**
 * Builds, serves and drives the journeys. Answers, per app (`headless`, `authflow`) and journey
 * (`password`, `totp`), the journey's figures with the app's own bytes taken off.
 */
export async function journeyBytes({ root, createReferenceBackend, totpCode }) {
  const cache = resolve(root, 'node_modules/.cache/keyward-bench')
  await buildApps(root, join(cache, 'journeys-empty'), { empty: true })
  const own = { headless: appAlone(join(cache, 'journeys-empty'), 'headless'), authflow: appAlone(join(cache, 'journeys-empty'), 'authflow') }
  const outDir = join(cache, 'journeys')
  await buildApps(root, outDir)
  const reference = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000 })
  const served = await serveApps(outDir, reference)
  const browser = await launchChromium()
  try {
    const results = {}
    const fillCode = {
      headless: async (page, code) => {
        await page.getByLabel('Code').fill(code)
        await page.getByRole('button', { name: 'Verify' }).click()
      },
      authflow: async (page, code) => {
        await page.getByLabel('Code', { exact: true }).fill(code)
        await page.getByRole('button', { name: 'Verify' }).click()
      },
    }
    for (const app of ['headless', 'authflow']) {
      for (const second of [false, true]) {
        const email = `${app}-${second ? 'totp' : 'password'}@example.com`
        const password = 'correct horse battery staple'
        await reference.admin.createUser({ email, password })
        const secret = second ? reference.admin.enableTotp(email) : null
        const result = await journey(browser, `${served.url}/${app}.html`, { email, password, totp: secret && (() => totpCode(secret)), fillCode: fillCode[app] })
        for (const moment of ['shown', 'idle', 'signedIn']) result[moment] -= own[app]
        results[`${app}:${second ? 'totp' : 'password'}`] = { ...result, own: own[app] }
      }
    }
    return results
  } finally {
    await browser.close()
    await served.close()
  }
}
