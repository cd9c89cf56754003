// The bytes a real sign-in loads: two apps (bench/journeys/) built for production by Vite against the
// built package (dist/, through package.json#exports, as an app installs it), once per adapter (the
// reference backend's Nhost adapter; Supabase's, on the tests' stand-in; Auth.js's, on the real Auth.js
// of servers/authjs), served on http://localhost with the auth server on the same origin and driven
// in Chromium. Every script the page fetches is
// counted (gzip, level 9), except React, ReactDOM and TanStack Query, which the build puts in a chunk
// of their own ("peers-…"): an app has them anyway. The app's own code and the bundler's runtime are
// measured by building the same app against an empty stand-in for keyward, and taken off.
import { existsSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import { extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
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
function emptyPackage(dir, adapterSource) {
  const names = new Set()
  for (const text of [...['headless.tsx', 'authflow.tsx'].map((file) => readFileSync(join(dir, file), 'utf8')), adapterSource]) {
    for (const [, list] of text.matchAll(/import \{([^}]*)\} from 'keyward[^']*'/g)) {
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

/** `bench:backend`: the module that makes the journey's backend (`export const backend = …`). */
function adapterModule(source) {
  return {
    name: 'keyward-bench-backend',
    enforce: 'pre',
    resolveId: (id) => (id === 'bench:backend' ? '\0bench-backend.js' : null),
    load: (id) => (id === '\0bench-backend.js' ? source : null),
  }
}

async function buildApps(root, outDir, adapterSource, { empty = false } = {}) {
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
      plugins: [adapterModule(adapterSource), empty ? emptyPackage(dir, adapterSource) : builtPackage(root), react()],
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

/** A fetch-style server (the reference backend, the Supabase stand-in) answering a Node request. */
async function answerWith(fetchLike, req, res) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const body = chunks.length ? Buffer.concat(chunks) : undefined
  const reply = await fetchLike(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers, body }))
  const headers = Object.fromEntries(reply.headers)
  const cookies = reply.headers.getSetCookie?.() ?? []
  if (cookies.length) headers['set-cookie'] = cookies
  res.writeHead(reply.status, headers)
  res.end(Buffer.from(await reply.arrayBuffer()))
}

/** A server of its own (Auth.js), reached as the app's own path: the Host kept, as a Next.js app serves it. */
function proxyTo(target, req, res) {
  const { hostname, port } = new URL(target)
  const upstream = httpRequest({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers)
    reply.pipe(res)
  })
  upstream.on('error', () => res.writeHead(502).end())
  req.pipe(upstream)
}

/** The built apps and the auth server (`route(req, res)` answers its paths, `false` for others) on one origin. */
async function serveApps(outDir, route) {
  const server = createServer(async (req, res) => {
    try {
      if (await route(req, res)) return
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
async function journey(browser, url, { email, password, totp, fillCode, signInPath, upgrade = false }) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const requested = [] // script URLs, in request order
  const bodies = new Map()
  let signInSentAt = -1
  let passkeyRequests = 0
  page.on('request', (request) => {
    const target = new URL(request.url())
    if (target.pathname.endsWith('.js')) requested.push(request.url())
    if (target.pathname.endsWith(signInPath) && signInSentAt < 0) signInSentAt = requested.length
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
  const passkeyAtSubmit = passkeyRequests
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  if (totp) await fillCode(page, totp())
  await page.getByText(`Signed in as ${email}`).waitFor()
  // the automatic passkey upgrade starts once the session shows; on a busy machine that can be after
  // the network first went quiet, so where the app has one its options request is waited for
  if (upgrade && passkeyRequests === passkeyAtSubmit) {
    await page.waitForRequest((request) => new URL(request.url()).pathname.includes('/webauthn'), { timeout: 60_000 }).catch(() => {})
  }
  await page.waitForLoadState('networkidle')
  // a body the page never read (a chunk still on its way when the page moved on) is fetched here
  const body = async (u) => (await bodies.get(u)) ?? Buffer.from(await (await fetch(u)).arrayBuffer())
  const gz = async (u) => gzipSync(await body(u), { level: 9 }).length
  const bytes = async (count) => {
    let total = 0
    for (const u of new Set(requested.slice(0, count))) if (!/\/peers-[^/]*\.js$/.test(u)) total += await gz(u)
    return total
  }
  // the chunks the upgrade loads: from its own module on (it loads first), what the page had not loaded
  // before — its code, @simplewebauthn/browser, the adapter's passkey operations
  const upgradeBytes = async () => {
    const from = requested.findIndex((u) => /passkey-upgrade/.test(u))
    if (from < 0) return 0
    const before = new Set(requested.slice(0, from))
    let total = 0
    for (const u of new Set(requested.slice(from))) if (!before.has(u)) total += await gz(u)
    return total
  }
  const loadedBefore = async (count, pattern) => {
    for (const u of new Set(requested.slice(0, count))) if (pattern.test((await body(u)).toString('utf8'))) return true
    return false
  }
  const result = {
    shown: await bytes(shown),
    idle: await bytes(idle),
    // what the sign-in itself loaded; the automatic passkey upgrade that follows it (<SignIn /> asks
    // Chromium, which reports conditional create, for a passkey: its code, the WebAuthn library and
    // one options request) is counted on its own, as it never holds the sign-in up
    signedIn: (await bytes(requested.length)) - (await upgradeBytes()),
    upgrade: await upgradeBytes(),
    upgradeRequests: passkeyRequests - passkeyAtSubmit,
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
 * The journeys' auth servers, each with the module that makes the app's backend, the path of its
 * password sign-in request, and how an account (with TOTP, where the system has it) is made.
 */
const ADAPTERS = {
  /** The reference backend (the demo's): the Nhost adapter. */
  reference: async ({ createReferenceBackend }) => {
    const reference = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000 })
    return {
      source: `import { nhost } from 'keyward/backends/nhost'\nexport const backend = nhost({ url: '/auth/v1' })`,
      signInPath: '/signin/email-password',
      route: (req, res) => req.url.startsWith('/auth/v1/') && answerWith(reference.fetch, req, res).then(() => true),
      async account(email, password, totp) {
        await reference.admin.createUser({ email, password })
        return totp ? reference.admin.enableTotp(email) : null
      },
      totp: true,
      stop: async () => {},
    }
  },
  /** Supabase Auth cannot run here: the tests' stand-in (test/standins/supabase.ts), compiled with esbuild. */
  supabase: async ({ root, totpCode }) => {
    const { build } = await import('esbuild')
    const out = resolve(root, 'node_modules/.cache/keyward-bench/supabase-stand-in.mjs')
    await build({ entryPoints: [resolve(root, 'test/standins/supabase.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
    const { supabaseStandIn } = await import(pathToFileURL(out).href)
    const standIn = supabaseStandIn({ autoconfirm: true })
    const { createAuthClient, memoryStorage } = await import(pathToFileURL(resolve(root, 'dist/index.js')).href)
    const { activateTotp, startTotpSetup } = await import(pathToFileURL(resolve(root, 'dist/core.js')).href)
    const { supabase } = await import(pathToFileURL(resolve(root, 'dist/backends/supabase.js')).href)
    return {
      source: `import { supabase } from 'keyward/backends/supabase'\nexport const backend = supabase({ url: location.origin, anonKey: ${JSON.stringify(standIn.anonKey)} })`,
      signInPath: '/token',
      route: (req, res) => req.url.startsWith('/auth/v1/') && answerWith(standIn.fetch, req, res).then(() => true),
      async account(email, password, totp) {
        const client = createAuthClient({ backend: supabase({ url: 'http://localhost', anonKey: standIn.anonKey }), fetch: standIn.fetch, storage: memoryStorage(), sync: false, locks: null })
        await client.signUp({ email, password })
        if (!totp) return null
        const { secret } = await startTotpSetup(client)
        await activateTotp(client, totpCode(secret))
        return secret
      },
      totp: true,
      stop: async () => {},
    }
  },
  /** The real Auth.js of servers/authjs (installed on first use), reached at /api as in a Next.js app. */
  authjs: async ({ root }) => {
    const { startServer } = await import(pathToFileURL(resolve(root, 'servers/run.mjs')).href)
    const server = await startServer('authjs')
    return {
      source: `import { authJs } from 'keyward/backends/authjs'\nexport const backend = authJs()`,
      signInPath: '/callback/credentials',
      route: (req, res) => req.url.startsWith('/api/') && (proxyTo(server.url, req, res), true),
      async account(email, password) {
        const reply = await fetch(`${server.url}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, name: email }) })
        if (!reply.ok) throw new Error(`Auth.js refused the bench's account: ${reply.status}`)
        return null
      },
      // Auth.js has no second factor
      totp: false,
      stop: () => server.stop(),
    }
  },
}

/**
 * Builds, serves and drives the journeys. Answers, per adapter (`reference`, `supabase`, `authjs`),
 * app (`headless`, `authflow`) and journey (`password`, `totp` where the system has it), the journey's
 * figures with the app's own bytes taken off.
 */
export async function journeyBytes({ root, createReferenceBackend, totpCode }) {
  const cache = resolve(root, 'node_modules/.cache/keyward-bench')
  const browser = await launchChromium()
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
  const results = {}
  try {
    for (const [name, start] of Object.entries(ADAPTERS)) {
      const adapter = await start({ root, createReferenceBackend, totpCode })
      try {
        const emptyDir = join(cache, `journeys-empty-${name}`)
        await buildApps(root, emptyDir, adapter.source, { empty: true })
        const own = { headless: appAlone(emptyDir, 'headless'), authflow: appAlone(emptyDir, 'authflow') }
        const outDir = join(cache, `journeys-${name}`)
        await buildApps(root, outDir, adapter.source)
        const served = await serveApps(outDir, adapter.route)
        try {
          for (const app of ['headless', 'authflow']) {
            for (const second of adapter.totp ? [false, true] : [false]) {
              const email = `${app}-${second ? 'totp' : 'password'}-${name}@example.com`
              const password = 'correct horse battery staple'
              const secret = await adapter.account(email, password, second)
              const result = await journey(browser, `${served.url}/${app}.html`, { email, password, totp: secret && (() => totpCode(secret)), fillCode: fillCode[app], signInPath: adapter.signInPath, upgrade: name === 'reference' && app === 'authflow' })
              for (const moment of ['shown', 'idle', 'signedIn']) result[moment] -= own[app]
              results[`${name}:${app}:${second ? 'totp' : 'password'}`] = { ...result, own: own[app] }
            }
          }
        } finally {
          await served.close()
        }
      } finally {
        await adapter.stop()
      }
    }
    return results
  } finally {
    await browser.close()
  }
}
