// @ts-check
// A real AuthHero (authhero 0.162 with @authhero/kysely-adapter 10.23 on SQLite) for keyward's tests and
// `npm run dev:authhero`. Seeds a tenant, a public application `keyward-test`, the
// `Username-Password-Authentication` and `email` connections, a signing key and an e-mail provider whose
// messages are kept and listed at GET /__outbox. Prints `{"url": …}` once listening on 127.0.0.1.
//
// Two things a deployment does in front of authhero, done here the same way (nothing of authhero's is
// changed):
// - its bundled bcryptjs looks for `self.crypto`, which Node has as `globalThis.crypto` only;
// - CORS: authhero 0.162 answers it on /oauth/token and the JWKS alone, so a page on another origin could
//   not call /co/authenticate, /dbconnections/*, /passwordless/start, /userinfo or the discovery
//   document. This server answers CORS for the application's web origins on every path (any
//   http://localhost page: the tests' and the demo's ports vary), as a proxy in front of it would.
//   test/backends/authhero.test.ts pins that authhero itself still does not, so an upgrade that adds it shows.
//   Each such page's origin is also added to the application's web origins the first time it calls (the
//   operator's dashboard step): authhero refuses the embedded sign-in's /authorize from any other origin.
globalThis.self ??= /** @type {any} */ (globalThis)

const { serve } = await import('@hono/node-server')
const { Kysely, SqliteDialect } = await import('kysely')
const { default: createAdapters, migrateToLatest } = await import('@authhero/kysely-adapter')
const { init } = await import('authhero')
const { memoryDatabase } = await import('./sqlite.mjs')

const portArg = process.argv.indexOf('--port')
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0
const LOCAL_PAGE = /^http:\/\/localhost(:\d+)?$/
const CLIENT_ID = 'keyward-test'

const db = new Kysely({ dialect: new SqliteDialect({ database: await memoryDatabase() }) })
await migrateToLatest(db)
const data = createAdapters(db)
const { app, createX509Certificate } = init({ dataAdapter: data })

await data.keys.create(await createX509Certificate({ name: 'CN=keyward-test' }))
await data.tenants.create({ id: 'default', name: 'keyward tests', audience: 'https://keyward.test/api', sender_email: 'login@keyward.test', sender_name: 'keyward' })
await data.applications.create('default', {
  id: CLIENT_ID,
  name: 'keyward tests',
  client_secret: '',
  // authhero compares scheme, host and path (not the port): any localhost page at / or /callback
  callbacks: ['http://localhost/', 'http://localhost/callback'],
  allowed_logout_urls: ['http://localhost/'],
  web_origins: ['http://localhost'],
  allowed_origins: ['http://localhost'],
  disable_sign_ups: false,
})
await data.connections.create('default', { id: 'password', name: 'Username-Password-Authentication', strategy: 'Username-Password-Authentication', options: {} })
await data.connections.create('default', { id: 'email', name: 'email', strategy: 'email', options: {} })
await data.emailProviders.create('default', { name: 'outbox', enabled: true, credentials: { api_key: 'unused' } })

/** @type {Array<{ to: string, subject: string, template: string, data: Record<string, string>, at: number }>} */
const outbox = []

const server = serve({ fetch: handle, port, hostname: '127.0.0.1' }, (info) => {
  const url = `http://localhost:${info.port}`
  env.ISSUER = `${url}/`
  env.JWKS_URL = `${url}/.well-known/jwks.json`
  env.AUTH_URL = `${url}/`
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}`, issuer: env.ISSUER, clientId: CLIENT_ID }))
})

/** authhero's bindings (what Cloudflare would hand it as `env`). */
const env = /** @type {any} */ ({
  ENVIRONMENT: 'test',
  ISSUER: '',
  JWKS_URL: '',
  AUTH_URL: '',
  DEFAULT_TENANT_ID: 'default',
  JWKS_CACHE_TIMEOUT_IN_SECONDS: 0,
  ORGANIZATION_NAME: 'keyward tests',
  SAML_SIGN_URL: '',
  API_URL: '',
  data,
  // authhero asks its own JWKS through this service binding
  JWKS_SERVICE: { fetch: (/** @type {Request | string} */ request) => handle(new Request(request)) },
  emailProviders: {
    outbox: async (/** @type {{ to: string, subject: string, template: string, data: Record<string, string> }} */ message) => {
      outbox.push({ to: message.to, subject: message.subject, template: message.template, data: message.data, at: Date.now() })
      return {}
    },
  },
})

/** The local pages the application lists as web origins (authhero compares host and port). */
const webOrigins = new Set(['http://localhost'])
/**
 * A local page seen for the first time joins the application's web origins, as its operator would add
 * the app's origin in the dashboard: /authorize with `response_mode=web_message` answers 403 "Origin
 * … not allowed" to any other (the demo's and the tests' ports vary).
 * @param {string} origin
 */
async function allowWebOrigin(origin) {
  if (webOrigins.has(origin)) return
  webOrigins.add(origin)
  await data.applications.update('default', CLIENT_ID, { web_origins: [...webOrigins] })
}

/** @param {Request} request */
async function handle(request) {
  const url = new URL(request.url)
  const origin = request.headers.get('origin')
  const allowed = origin !== null && LOCAL_PAGE.test(origin)
  if (url.pathname === '/__outbox') {
    const to = url.searchParams.get('to')
    return Response.json(to ? outbox.filter((m) => m.to === to) : outbox, { headers: { 'access-control-allow-origin': '*' } })
  }
  if (request.method === 'OPTIONS' && allowed) {
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'content-type, authorization',
        'access-control-max-age': '600',
        vary: 'origin',
      },
    })
  }
  if (allowed) await allowWebOrigin(origin)
  const response = await app.fetch(request, env)
  if (!allowed || response.headers.has('access-control-allow-origin')) return response
  const headers = new Headers(response.headers)
  headers.set('access-control-allow-origin', origin)
  headers.set('access-control-allow-credentials', 'true')
  headers.append('vary', 'origin')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)))
