import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { createServer, type ViteDevServer } from 'vite'

const CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

/** The Chromium to drive, or an error that says how to get one. Never a silent skip. */
export function findChromium(): string {
  const found = CANDIDATES.find((path) => path && existsSync(path))
  if (!found) {
    throw new Error(
      'The browser tests need Chromium. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
        'or point CHROME_PATH at a Chrome or Chromium binary.',
    )
  }
  return found
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Serves the demo (with its embedded reference backend) on http://localhost:<free port>. */
export async function startDemo(): Promise<{ url: string; server: ViteDevServer }> {
  const server = await createServer({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    server: { port: 0, host: 'localhost', strictPort: false, hmr: false },
    logLevel: 'error',
  })
  await server.listen()
  const address = server.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('the demo server did not start')
  return { url: `http://localhost:${address.port}`, server }
}

/**
 * Starts the demo and Chromium for a test file, and stops both after it. `before` runs first (a real
 * auth server to start, the environment the demo reads).
 */
export function useDemoInChromium(
  options: { before?: () => Promise<void>; after?: () => Promise<void>; timeout?: number; demoEnv?: () => Record<string, string> } = {},
) {
  const env = {} as { browser: Browser; demo: Awaited<ReturnType<typeof startDemo>> }
  let set: string[] = []
  beforeAll(async () => {
    await options.before?.()
    // what the demo reads (`VITE_*`: which backend, where), for this file only
    const vars = options.demoEnv?.() ?? {}
    set = Object.keys(vars)
    Object.assign(process.env, vars)
    env.demo = await startDemo()
    env.browser = await launchChromium()
  }, options.timeout)
  afterAll(async () => {
    await env.browser?.close()
    await env.demo?.server.close()
    for (const name of set) delete process.env[name]
    await options.after?.()
  })
  return env
}

/** An address no other test (nor an earlier run against the same server) has used. */
export const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

/**
 * Records what `page` logged, which requests failed and what `server` answered; `explain(error)` throws
 * `error` with that and the page's text — for a journey step that waits on a real server.
 */
export function traceOf(page: Page, server: string) {
  const trace: string[] = []
  page.on('console', (message) => trace.push(`${message.type()}: ${message.text()}`))
  page.on('requestfailed', (request) => trace.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`))
  page.on('response', (response) => response.url().startsWith(server) && trace.push(`${response.status()} ${response.request().method()} ${response.url().slice(server.length, server.length + 120)}`))
  return {
    async explain(error: Error): Promise<never> {
      const shown = (await page.locator('body').innerText()).slice(0, 800)
      throw new Error(`${error.message}\nthe page shows:\n${shown}\nits console and ${server}'s replies:\n${trace.join('\n')}`)
    },
  }
}

/**
 * The demo on a real better-auth server (servers/better-auth) for a test file (or a `describe`), started
 * with `args` (`['--verified-only']`): `authUrl` once started.
 * The server is named `localhost`, as `npm run dev:better-auth` does: the page and the server are one
 * site, so the browser sends the cookies better-auth keeps between steps (two-factor, passkey challenge).
 */
export function useBetterAuthDemo(args: string[] = []) {
  let auth: { stop(): Promise<void> } | undefined
  const env = useDemoInChromium({
    async before() {
      const { startServer } = await import('../../servers/run.mjs')
      const started = await startServer('better-auth', 60_000, args)
      auth = started
      env.authUrl = started.url.replace('127.0.0.1', 'localhost')
    },
    demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'better-auth', VITE_BETTER_AUTH_URL: env.authUrl }),
    after: async () => auth?.stop(),
  }) as ReturnType<typeof useDemoInChromium> & { authUrl: string }
  env.authUrl = ''
  return env
}

/**
 * The demo on a real Auth.js (servers/authjs) with the tests' OpenID Connect provider as its OAuth
 * provider, for a test file: the demo's dev server proxies /api and /__outbox to it, keeping the Host,
 * so Auth.js is on the page's origin as in a Next.js app. `authUrl`: the server itself; `issuer`: the provider's.
 */
export function useAuthJsDemo() {
  let servers: Array<{ stop(): Promise<void> }> = []
  const env = useDemoInChromium({
    async before() {
      const { startServer } = await import('../../servers/run.mjs')
      const provider = await startServer('oidc-provider')
      servers.push(provider)
      env.issuer = provider.url.replace('127.0.0.1', 'localhost')
      const authJs = await startServer('authjs', 60_000, ['--oidc', env.issuer])
      servers.push(authJs)
      env.authUrl = authJs.url
    },
    demoEnv: () => ({ VITE_KEYWARD_BACKEND: 'authjs', VITE_AUTHJS_OIDC: '1', KEYWARD_AUTHJS_SERVER: env.authUrl }),
    // run alone on a fresh clone, the servers install first (npm ci in servers/authjs and oidc-provider)
    timeout: 240_000,
    after: async () => {
      await Promise.all(servers.map((server) => server.stop()))
      servers = []
    },
  }) as ReturnType<typeof useDemoInChromium> & { authUrl: string; issuer: string }
  env.authUrl = ''
  env.issuer = ''
  return env
}
