// A real better-auth 1.x server for keyward's tests and demo: the memory adapter (no native build),
// plugins bearer, twoFactor, passkey, emailOTP, magicLink, anonymous and multiSession, rate limits
// off, and an outbox that keeps every e-mail, OTP and link it would have sent.
//
//   node servers/better-auth/server.mjs [--port N] [--verified-only]
//
// --verified-only: as many deployments configure it, sign-in needs a verified address
// (emailAndPassword.requireEmailVerification) and the verification link signs the browser in
// (emailVerification.autoSignInAfterVerification).
//
// Listens on 127.0.0.1 and prints one line of JSON when ready: {"url": "http://127.0.0.1:N"}.
// The API is at /api/auth; GET /__outbox answers the outbox (newest last). Pages on any
// http://localhost:<port> origin are trusted (CORS and better-auth's origin check), as a single-page
// app on another origin than its auth server is.
import { createServer } from 'node:http'
import { passkey } from '@better-auth/passkey'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { toNodeHandler } from 'better-auth/node'
import { anonymous, bearer, emailOTP, magicLink, multiSession, twoFactor } from 'better-auth/plugins'

const portArg = process.argv.indexOf('--port')
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0
const verifiedOnly = process.argv.includes('--verified-only')
const LOCAL_PAGE = /^http:\/\/localhost:\d+$/

const outbox = []
const send = (message) => {
  outbox.push({ ...message, at: Date.now() })
}

const server = createServer()
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}`

const auth = betterAuth({
  // links in e-mails name the server `localhost`: the same site as the pages (http://localhost:<port>),
  // so the cookie a magic link sets is sent by the page's `credentials: 'include'` calls
  baseURL: url.replace('127.0.0.1', 'localhost'),
  basePath: '/api/auth',
  secret: 'keyward-test-secret-not-for-production-0123456789',
  database: memoryAdapter({ user: [], session: [], account: [], verification: [], twoFactor: [], passkey: [] }),
  // the test pages and the demo: any http://localhost port (better-auth matches `*` on the origin)
  trustedOrigins: ['http://localhost:*'],
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  emailAndPassword: {
    enabled: true,
    revokeSessionsOnPasswordReset: true,
    requireEmailVerification: verifiedOnly,
    sendResetPassword: async ({ user, url: link, token }) => send({ to: user.email, kind: 'reset-password', link, token }),
  },
  // users may delete their own account (keyward's betterAuth({ deleteAccount: true })), at once
  user: { deleteUser: { enabled: true } },
  emailVerification: {
    sendOnSignUp: true,
    autoSignInAfterVerification: verifiedOnly,
    sendVerificationEmail: async ({ user, url: link, token }) => send({ to: user.email, kind: 'verify-email', link, token }),
  },
  plugins: [
    bearer(),
    twoFactor({ issuer: 'keyward' }),
    passkey({ rpID: 'localhost', rpName: 'keyward', origin: null }),
    emailOTP({ sendVerificationOTP: async ({ email, otp, type }) => send({ to: email, kind: `otp-${type}`, otp }) }),
    magicLink({ sendMagicLink: async ({ email, url: link, token }) => send({ to: email, kind: 'magic-link', link, token }) }),
    anonymous(),
    multiSession(),
  ],
})
const handler = toNodeHandler(auth)

server.on('request', (req, res) => {
  const origin = req.headers.origin
  if (origin && LOCAL_PAGE.test(origin)) {
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-allow-credentials', 'true')
    res.setHeader('access-control-expose-headers', 'set-auth-token')
    res.setHeader('vary', 'origin')
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST')
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type, authorization')
    res.setHeader('access-control-max-age', '600')
    res.writeHead(204).end()
    return
  }
  if (req.url === '/__outbox') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(outbox))
    return
  }
  handler(req, res)
})

process.stdout.write(`${JSON.stringify({ url })}\n`)
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)))
