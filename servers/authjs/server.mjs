// A real Auth.js server (@auth/core 0.41) for keyward's tests and demo, hosted as an app hosts it: one
// handler at /api/auth taking the standard Request, plus the app's own sign-up route, which Auth.js
// leaves to the app.
//
//   node servers/authjs/server.mjs [--port N] [--oidc <issuer>]
//
// Providers: Credentials (e-mail and password, checked against the app's own password table), an
// e-mail provider (magic links, kept in an outbox instead of sent), the Passkey provider (WebAuthn,
// `experimental.enableWebAuthn`), and with --oidc the tests' OpenID Connect provider as an OAuth
// provider (`oidc`, its public client `keyward-test` with PKCE). Database: @auth/unstorage-adapter on
// unstorage's in-memory driver (no native build). Sessions: JWT (Credentials needs it).
//
// Meant to sit behind the app's origin, as Auth.js does in a Next.js app: the demo's dev server proxies
// /api/auth and /api/register here, keeping the Host header, so Auth.js names the app's origin in its
// callback URLs and its WebAuthn relying party (trustHost).
//
// Listens on 127.0.0.1 and prints one line of JSON when ready: {"url": "http://127.0.0.1:N"}.
// GET /__outbox answers what it would have e-mailed (newest last).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { promisify } from 'node:util'
import { Auth } from '@auth/core'
import Credentials from '@auth/core/providers/credentials'
import Passkey from '@auth/core/providers/passkey'
import { UnstorageAdapter } from '@auth/unstorage-adapter'
import { createStorage } from 'unstorage'

const argument = (name) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}
const port = Number(argument('--port') ?? 0)
const issuer = argument('--oidc')

const outbox = []
const adapter = UnstorageAdapter(createStorage())
/** The app's own password table (Auth.js keeps no passwords): user id → scrypt hash. */
const passwords = new Map()
const hash = promisify(scrypt)

async function hashPassword(password) {
  const salt = randomBytes(16)
  return { salt, key: await hash(password, salt, 32) }
}
async function passwordMatches(userId, password) {
  const stored = passwords.get(userId)
  if (!stored) return false
  return timingSafeEqual(stored.key, await hash(password, stored.salt, 32))
}

/** @type {import('@auth/core').AuthConfig} */
const config = {
  basePath: '/api/auth',
  secret: 'keyward-test-secret-not-for-production-0123456789',
  trustHost: true,
  adapter,
  // Credentials signs in only with JWT sessions
  session: { strategy: 'jwt' },
  experimental: { enableWebAuthn: true },
  providers: [
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials) {
        const email = typeof credentials.email === 'string' ? credentials.email.toLowerCase() : ''
        const user = email ? await adapter.getUserByEmail(email) : null
        if (!user || typeof credentials.password !== 'string' || !(await passwordMatches(user.id, credentials.password))) return null
        return { id: user.id, email: user.email, name: user.name }
      },
    }),
    {
      // an HTTP e-mail provider (Auth.js's "custom email provider"): the link goes to the outbox
      id: 'email',
      type: 'email',
      name: 'Email',
      maxAge: 10 * 60,
      options: {},
      async sendVerificationRequest({ identifier, url, token }) {
        outbox.push({ to: identifier, kind: 'magic-link', link: url, token, at: Date.now() })
      },
    },
    Passkey({}),
    ...(issuer
      ? [
          {
            id: 'oidc',
            name: 'Keyward Test OIDC',
            type: 'oidc',
            issuer,
            clientId: 'keyward-test',
            client: { token_endpoint_auth_method: 'none' },
            checks: ['pkce', 'state'],
            // oidc-provider's ID token carries only `sub` (conformIdTokenClaims): the profile comes from userinfo
            idToken: false,
            authorization: { params: { scope: 'openid email profile' } },
          },
        ]
      : []),
  ],
  callbacks: {
    // the user's id in the session (Auth.js leaves it out unless the app adds it)
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub
      return session
    },
  },
}

/** The app's own sign-up route: creates the user in Auth.js's database and its password beside it. */
async function register(body) {
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : ''
  const password = typeof body?.password === 'string' ? body.password : ''
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return [400, { error: 'invalid-email' }]
  if (password.length < 8) return [400, { error: 'password-too-short' }]
  if (await adapter.getUserByEmail(email)) return [409, { error: 'email-taken' }]
  const user = await adapter.createUser({ id: crypto.randomUUID(), email, name: typeof body.name === 'string' && body.name ? body.name : null, emailVerified: null })
  passwords.set(user.id, await hashPassword(password))
  return [201, { id: user.id }]
}

const server = createServer(async (req, res) => {
  try {
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const body = chunks.length ? Buffer.concat(chunks) : undefined
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/__outbox') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(outbox))
    }
    if (path === '/api/register' && req.method === 'POST') {
      let parsed = null
      try {
        parsed = JSON.parse(body?.toString() ?? '')
      } catch {
        // not JSON: refused below like an empty body
      }
      const [status, reply] = await register(parsed)
      res.writeHead(status, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(reply))
    }
    // the app's origin, as the proxy in front of this server kept it in Host
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : value === undefined ? [] : [[name, value]])),
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    })
    const response = await Auth(request, config)
    const headers = {}
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers[name] = value
    })
    const cookies = response.headers.getSetCookie()
    if (cookies.length) headers['set-cookie'] = cookies
    res.writeHead(response.status, headers)
    res.end(Buffer.from(await response.arrayBuffer()))
  } catch (error) {
    process.stderr.write(`${error?.stack ?? error}\n`)
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: 'internal' }))
  }
})
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`)
const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
