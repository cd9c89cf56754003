// The bytes a real sign-in loads: two apps (bench/journeys/) built for production by Vite against the
// built package (dist/, through package.json#exports, as an app installs it), served with the
// reference backend on http://localhost and driven in Chromium. Every script the page fetches is
// counted (gzip, level 9), except React, ReactDOM and TanStack Query, which the build puts in a chunk
// of their own ("peers-…"): an app has them anyway.
import { readFileSync } from 'node:fs'
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

async function buildApps(root, outDir) {
  const { build } = await import('vite')
  const { default: react } = await import('@vitejs/plugin-react')
  const dir = resolve(root, 'bench/journeys')
  await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    plugins: [builtPackage(root), react()],
    build: {
      outDir,
      emptyOutDir: true,
      // the journeys measure the library's scripts; the page's own CSS is not a script
      rollupOptions: {
        input: { headless: join(dir, 'headless.html'), authflow: join(dir, 'authflow.html') },
        output: { manualChunks: (id) => (PEERS.test(id) ? 'peers' : undefined) },
      },
    },
  })
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
 * Loads `page` in a fresh Chromium context and signs in as `user` (with the TOTP code of `totp`, when
 * given). Returns the gzip bytes of the scripts requested by four moments: the form shown, the page
 * idle before the user types, the sign-in request sent, and signed in; and the script chunks requested
 * on the critical path (after the HTML's own scripts, before the form showed; after the submit, before
 * the sign-in request left).
 */
async function journey(browser, url, { email, password, totp, fillCode }) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const requested = [] // script URLs, in request order
  const bodies = new Map()
  let signInSentAt = -1
  page.on('request', (request) => {
    const target = new URL(request.url())
    if (target.pathname.endsWith('.js')) requested.push(request.url())
    if (target.pathname.endsWith('/signin/email-password') && signInSentAt < 0) signInSentAt = requested.length
  })
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) bodies.set(response.url(), response.body().catch(() => Buffer.alloc(0)))
  })
  await page.goto(url)
  const html = await (await fetch(url)).text()
  const inHtml = new Set([...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map(([, path]) => new URL(path, url).href))
  const emailField = page.getByLabel('Email', { exact: true })
  await emailField.waitFor()
  const shown = requested.length
  const lazyBeforeForm = requested.slice(0, shown).filter((u) => !inHtml.has(u)).length
  // the page sitting idle: what it fetches before the user types
  for (let quiet = 0, seen = requested.length; quiet < 5; ) {
    await page.waitForTimeout(100)
    quiet = requested.length === seen ? quiet + 1 : 0
    seen = requested.length
  }
  const idle = requested.length
  await emailField.fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  const submitAt = requested.length
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  if (totp) {
    await fillCode(page, totp())
  }
  await page.getByText(`Signed in as ${email}`).waitFor()
  await page.waitForLoadState('networkidle')
  const lazyBeforeRequest = signInSentAt < 0 ? Number.NaN : signInSentAt - submitAt
  const bytes = async (count) => {
    let total = 0
    for (const u of new Set(requested.slice(0, count))) {
      if (/\/peers-[^/]*\.js$/.test(u)) continue
      total += gzipSync(await bodies.get(u), { level: 9 }).length
    }
    return total
  }
  const result = {
    shown: await bytes(shown),
    idle: await bytes(idle),
    signedIn: await bytes(requested.length),
    lazyBeforeForm,
    lazyBeforeRequest,
    chunks: new Set(requested.filter((u) => !/\/peers-/.test(u))).size,
    files: [...new Set(requested)].map((u) => `${u.slice(u.lastIndexOf('/') + 1)}${requested.indexOf(u) < shown ? '' : requested.indexOf(u) < idle ? ' (idle)' : requested.indexOf(u) < signInSentAt ? ' (submit)' : ' (after)'}`),
  }
  await context.close()
  return result
}

/** Builds, serves and drives the journeys; returns one result per app and journey. */
export async function journeyBytes({ root, createReferenceBackend, totpCode, launch }) {
  const outDir = resolve(root, 'node_modules/.cache/keyward-bench/journeys')
  await buildApps(root, outDir)
  const reference = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000 })
  const served = await serveApps(outDir, reference)
  const browser = await launch()
  try {
    const results = {}
    for (const [app, fillCode] of [
      ['headless', async (page, code) => {
        await page.getByLabel('Code').fill(code)
        await page.getByRole('button', { name: 'Verify' }).click()
      }],
      ['authflow', async (page, code) => {
        const field = page.getByLabel('Code', { exact: true })
        await field.fill(code)
        // the code step submits itself at six digits where it does; else its button
        await page.getByText(/^Signed in as /).or(page.getByRole('button', { name: 'Verify' })).first().waitFor()
        const verify = page.getByRole('button', { name: 'Verify' })
        if (await verify.isVisible()) await verify.click()
      }],
    ]) {
      for (const second of [false, true]) {
        const email = `${app}-${second ? 'totp' : 'password'}@example.com`
        const password = 'correct horse battery staple'
        await reference.admin.createUser({ email, password })
        const secret = second ? reference.admin.enableTotp(email) : null
        results[`${app}:${second ? 'totp' : 'password'}`] = await journey(browser, `${served.url}/${app}.html`, {
          email,
          password,
          totp: secret && (() => totpCode(secret)),
          fillCode,
        })
      }
    }
    return results
  } finally {
    await browser.close()
    await served.close()
  }
}
