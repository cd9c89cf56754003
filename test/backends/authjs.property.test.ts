import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { authJs } from '../../src/backends/authjs/index.ts'
import { type BackendContext, createAuthClient, isAuthError, memoryStorage, type Session } from '../../src/index.ts'
import { authJsUrl, browser, PASSWORD, register, uniqueEmail } from '../support/authjs.ts'
import { answering, expectEveryOperationNamed, generatedReplies } from '../support/generated-replies.ts'

// Every Auth.js operation that reads a reply, fed generated replies (test/support/generated-replies.ts)
// bent from real replies of the run's Auth.js: each call resolves or rejects with an AuthError, a
// session it answers is a whole cookie session (a user with an id), and a client commits nothing else.

const RUNS = Number(process.env.RUNS ?? 100)
const options = { url: `${authJsUrl}/api/auth`, email: 'email', oauthProviders: ['oidc'], passkey: true, signUp: async () => {} }

const templates: unknown[] = []
const replyArb = generatedReplies(templates)
beforeAll(async () => {
  const page = browser()
  const email = uniqueEmail('authjs-property')
  await register(email)
  const json = async (path: string, init?: RequestInit) => (await page.fetch(`${authJsUrl}/api/auth${path}`, init)).json() as Promise<unknown>
  const csrf = (await json('/csrf')) as { csrfToken: string }
  const post = (path: string, fields: Record<string, string>) =>
    json(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-auth-return-redirect': '1' }, body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken }).toString() })
  templates.push(
    csrf,
    await json('/session'),
    await post('/callback/credentials', { email, password: 'wrong' }),
    await post('/callback/credentials', { email, password: PASSWORD }),
    await json('/session'),
    await json('/webauthn-options/passkey?action=authenticate'),
    await json('/webauthn-options/passkey?action=register'),
    { url: `${authJsUrl}/api/auth/signin?error=MissingCSRF` },
    { user: {}, expires: '' },
    {},
  )
})

const session: Session = { accessToken: null, accessTokenExpiresAt: null, refreshToken: null, sessionId: null, idToken: null, user: null }
const credential = { id: 'abc', rawId: 'abc', type: 'public-key', response: {}, clientExtensionResults: {} }
const alice = { email: 'alice@example.com', password: PASSWORD }

/** Every operation that sends a request and reads its reply, each on a new adapter (no CSRF token kept between runs). */
function operations(): Array<[string, (ctx: BackendContext) => Promise<unknown>]> {
  const b = () => authJs(options)
  return [
    ['signIn.withPassword', (ctx) => b().signIn!.withPassword!(alice, ctx)],
    ['signUp.withPassword', (ctx) => b().signUp!.withPassword(alice, ctx)],
    ['session.restore', (ctx) => b().session.restore!(ctx)],
    ['session.signOut', (ctx) => b().session.signOut(session, ctx)],
    ['session.getUser', (ctx) => b().session.getUser!(session, ctx)],
    ['passwordless.magicLink', (ctx) => b().passwordless!.magicLink!({ email: alice.email, redirectTo: 'http://localhost:3000/' }, ctx)],
    ['oauth.providerUrl', (ctx) => b().oauth!.providerUrl('oidc', { redirectTo: 'http://localhost:3000/' }, ctx)],
    ['passkey.signInOptions', (ctx) => b().passkey!.signInOptions({}, ctx)],
    ['passkey.signInVerify', (ctx) => b().passkey!.signInVerify({ credential } as never, ctx)],
    ['passkey.signUpOptions', (ctx) => b().passkey!.signUpOptions!({ email: alice.email }, ctx)],
    ['passkey.signUpVerify', (ctx) => b().passkey!.signUpVerify!({ credential } as never, ctx)],
    ['passkey.addOptions', (ctx) => b().passkey!.addOptions!(session, ctx)],
    ['passkey.addVerify', (ctx) => b().passkey!.addVerify!(session, { credential } as never, ctx)],
    ['redirect.finish', (ctx) => b().redirect.finish!({ kind: 'server-session', purpose: 'sign-in', params: [] }, null, ctx)],
  ]
}

/** A cookie session anywhere in a result names its user. */
function sessionsNameTheirUser(value: unknown): boolean {
  if (!value || typeof value !== 'object') return true
  const record = value as Record<string, unknown>
  if ('accessTokenExpiresAt' in record) {
    const user = record.user as { id?: unknown } | null
    if (!user || typeof user.id !== 'string' || user.id === '') return false
  }
  return Object.values(record).every(sessionsNameTheirUser)
}

describe('Auth.js reply parsing, generated replies', () => {
  it('names every operation of the adapter that reads a reply', () => {
    expectEveryOperationNamed(
      authJs(options),
      operations().map(([name]) => name),
      ['redirect.parse'],
    )
  })

  it.for(operations().map(([name]) => name))('%s: resolves or rejects with an AuthError, never a session without its user', async (name) => {
    const run = operations().find(([n]) => n === name)![1]
    await fc.assert(
      fc.asyncProperty(replyArb, async (reply) => {
        const ctx: BackendContext = { fetch: answering(reply), timeout: 5_000, now: () => Date.now() }
        try {
          expect(sessionsNameTheirUser(await run(ctx))).toBe(true)
        } catch (error) {
          if (!isAuthError(error)) throw new Error(`${name} threw ${String(error)} (not an AuthError)`)
        }
      }),
      { numRuns: RUNS },
    )
  })
})

describe('a client on Auth.js, fed generated replies to sign-in and to the restore on the next page load', () => {
  it('is signed in only with a user, and rejects only with AuthErrors', async () => {
    await fc.assert(
      fc.asyncProperty(replyArb, replyArb, async (signInReply, restoreReply) => {
        const onlyAuthErrors = (error: unknown) => {
          if (!isAuthError(error)) throw error
        }
        const first = createAuthClient({ backend: authJs(options), storage: memoryStorage(), fetch: answering(signInReply), sync: false, locks: null })
        await first.signInWithPassword(alice).catch(onlyAuthErrors)
        if (first.getSnapshot().status === 'signedIn') expect(first.getSnapshot().user?.id).toMatch(/./)
        const next = createAuthClient({ backend: authJs(options), storage: memoryStorage(), fetch: answering(restoreReply), sync: false, locks: null })
        const stop = next.start()
        try {
          await next.ready().catch(onlyAuthErrors)
          if (next.getSnapshot().status === 'signedIn') expect(next.getSnapshot().user?.id).toMatch(/./)
        } finally {
          stop()
        }
      }),
      { numRuns: 200 },
    )
  })
})
