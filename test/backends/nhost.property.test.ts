import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { nhostFlows } from '../../src/backends/nhost/flows.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { type BackendContext, createAuthClient, isAuthError, memoryStorage, type Session } from '../../src/index.ts'
import { AUTH_URL, alice, testBackend } from '../support/backend.tsx'
import { answering, expectOnlyAuthErrors, generatedReplies, sessionsAreWhole } from '../support/generated-replies.ts'

// Every Nhost operation that reads a reply, fed generated replies: any status, random bytes, random
// JSON, real replies bent out of shape (fields removed, retyped, emptied, non-finite numbers), a fetch
// that rejects with anything, a fetch that resolves to something that is not a Response. Each call
// must resolve or reject with an AuthError — never a TypeError — and a client must never commit a
// session without a token and a finite expiry.

const RUNS = Number(process.env.RUNS ?? 150)

/** Real replies of the reference backend, captured once: the templates that generated replies bend. */
const templates: unknown[] = []
const replyArb = generatedReplies(templates)
beforeAll(async () => {
  const { server } = testBackend({ clock: 'real', contract: false })
  await server.admin.createUser(alice)
  const post = async (path: string, body: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    return (await server.fetch(`${AUTH_URL}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()
  }
  const signIn = (await post('/signin/email-password', alice)) as { session: { accessToken: string; refreshToken: string } }
  const refreshed = await post('/token', { refreshToken: signIn.session.refreshToken })
  const user = await (await server.fetch(`${AUTH_URL}/user`, { headers: { authorization: `Bearer ${signIn.session.accessToken}` } })).json()
  const totp = await (await server.fetch(`${AUTH_URL}/mfa/totp/generate`, { headers: { authorization: `Bearer ${signIn.session.accessToken}` } })).json()
  templates.push(signIn, refreshed, user, totp, { mfa: { ticket: 'mfaTotp:abc' }, session: null }, {})
})

const session: Session = {
  accessToken: 'header.payload.signature',
  accessTokenExpiresAt: Date.now() + 600_000,
  refreshToken: 'refresh-token',
  sessionId: 'refresh-token-id',
  idToken: null,
  user: null,
}
const credential = { id: 'abc', rawId: 'abc', type: 'public-key', response: {}, clientExtensionResults: {} }

/** Every operation of the adapter that sends a request and reads its reply, with valid arguments. */
function operations(b: ReturnType<typeof nhost>): Array<[string, (ctx: BackendContext) => Promise<unknown>]> {
  return [
    ['signIn.withPassword', (ctx) => b.signIn.withPassword(alice, ctx)],
    ['signUp.withPassword', (ctx) => b.signUp.withPassword(alice, ctx)],
    ['session.refresh', (ctx) => b.session.refresh(session, ctx)],
    ['session.signOut', (ctx) => b.session.signOut(session, ctx)],
    ['session.signOutEverywhere', (ctx) => b.session.signOutEverywhere(session, ctx)],
    ['session.getUser', (ctx) => b.session.getUser(session, ctx)],
    ['mfa.setupTotp', (ctx) => b.mfa.setupTotp(session, {}, ctx)],
    ['mfa.enableTotp', (ctx) => b.mfa.enableTotp(session, '123456', ctx)],
    ['mfa.disableTotp', (ctx) => b.mfa.disableTotp(session, { code: '123456' }, ctx)],
    ['mfa.verifyTotp', (ctx) => b.mfa.verifyTotp({ ticket: 'mfaTotp:abc', code: '123456' }, ctx)],
    ['passkey.signInOptions', (ctx) => b.passkey.signInOptions({ email: alice.email }, ctx)],
    ['passkey.signInVerify', (ctx) => b.passkey.signInVerify({ credential } as never, ctx)],
    ['passkey.signUpOptions', (ctx) => b.passkey.signUpOptions({ email: alice.email }, ctx)],
    ['passkey.signUpVerify', (ctx) => b.passkey.signUpVerify({ credential } as never, ctx)],
    ['passkey.addOptions', (ctx) => b.passkey.addOptions(session, ctx)],
    ['passkey.addVerify', (ctx) => b.passkey.addVerify(session, { credential } as never, ctx)],
    ['passkey.elevateOptions', (ctx) => b.passkey.elevateOptions(session, ctx)],
    ['passkey.elevateVerify', (ctx) => b.passkey.elevateVerify(session, { credential } as never, ctx)],
    ['password.requestReset', (ctx) => b.password.requestReset({ email: alice.email }, ctx)],
    ['password.reset', (ctx) => b.password.reset({ newPassword: 'another long password', token: 'passwordReset:abc' }, ctx)],
    ['password.change', (ctx) => b.password.change(session, { newPassword: 'another long password' }, ctx)],
    ['email.sendVerification', (ctx) => b.email.sendVerification({ email: alice.email }, ctx)],
    ['email.change', (ctx) => b.email.change(session, { newEmail: 'new@example.com' }, ctx)],
    ['passwordless.magicLink', (ctx) => b.passwordless.magicLink({ email: alice.email }, ctx)],
    ['passwordless.emailOtpStart', (ctx) => b.passwordless.emailOtpStart({ email: alice.email }, ctx)],
    ['passwordless.emailOtpVerify', (ctx) => b.passwordless.emailOtpVerify({ email: alice.email, otp: '123456' }, ctx)],
    ['passwordless.smsStart', (ctx) => b.passwordless.smsStart({ phoneNumber: '+15555550100' }, ctx)],
    ['passwordless.smsVerify', (ctx) => b.passwordless.smsVerify({ phoneNumber: '+15555550100', otp: '123456' }, ctx)],
    ['anonymous.signIn', (ctx) => b.anonymous.signIn({}, ctx)],
    ['anonymous.deanonymize', (ctx) => b.anonymous.deanonymize(session, alice, ctx)],
    ['pat.create', (ctx) => b.pat.create(session, { expiresAt: new Date(Date.now() + 86_400_000) }, ctx)],
    ['pat.signIn', (ctx) => b.pat.signIn({ personalAccessToken: 'abc' }, ctx)],
    ['redirect.finish', (ctx) => b.redirect.finish({ kind: 'refresh-token', refreshToken: 'refresh-token', purpose: 'sign-in', params: [] }, null, ctx)],
  ]
}

const backend = nhost({ url: AUTH_URL })

describe('nhost reply parsing, generated replies', () => {
  it('names every operation of the adapter', () => {
    const named = operations(backend).map(([name]) => name.split('.')[0])
    const groups = Object.entries(backend)
      .filter(([key, value]) => key !== 'traits' && typeof value === 'object' && value !== null && !Array.isArray(value))
      .map(([key]) => key)
    // oauth builds a URL and redirect.parse reads one: neither reads a reply
    for (const group of groups.filter((g) => g !== 'oauth')) expect(named).toContain(group)
  })

  it('lists exactly the operations its flows module implements (capabilities come from this list)', () => {
    const implemented = nhostFlows({} as never) as unknown as Record<string, Record<string, unknown>>
    const functions = (group: object) => Object.keys(group).filter((key) => typeof (group as Record<string, unknown>)[key] === 'function').sort()
    for (const [group, operations] of Object.entries(implemented)) {
      // a sign-in's code step is up front (index.ts), not in the module loaded later
      const listed = functions((backend as unknown as Record<string, object>)[group]!).filter((name) => !(group === 'mfa' && name === 'verifyTotp'))
      expect(listed, group).toEqual(functions(operations))
    }
  })

  it('refuses a lifetime too long to be a date (a 1e306-second token would expire at Infinity)', async () => {
    const reply = structuredClone(templates[0]) as { session: { accessTokenExpiresIn: number } }
    reply.session.accessTokenExpiresIn = 1e306
    const ctx: BackendContext = { fetch: answering({ kind: 'response', status: 200, body: JSON.stringify(reply), json: true, token: null }), timeout: 5_000, now: () => Date.now() }
    await expect(backend.signIn.withPassword(alice, ctx)).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it.for(operations(backend).map(([name]) => name))('%s: resolves or rejects with an AuthError, never a broken session', async (name) => {
    await expectOnlyAuthErrors(name, operations(backend).find(([n]) => n === name)![1], replyArb, RUNS)
  })
})

describe('the client, fed generated replies to sign-in and refresh', () => {
  it('commits only sessions with a token and a finite expiry, and rejects only with AuthErrors', async () => {
    await fc.assert(
      fc.asyncProperty(replyArb, replyArb, async (signInReply, refreshReply) => {
        const storage = memoryStorage()
        let reply = signInReply
        const client = createAuthClient({ backend, storage, fetch: (input, init) => answering(reply)(input, init) })
        const stop = client.start()
        try {
          await client.ready()
          const expectWhole = () => {
            const { status, session } = client.getSnapshot()
            if (status === 'signedIn') {
              expect(session!.accessToken).toMatch(/./)
              expect(Number.isFinite(session!.accessTokenExpiresAt)).toBe(true)
            }
            const stored = storage.get() as string | null
            if (stored) expect(sessionsAreWhole(JSON.parse(stored))).toBe(true)
          }
          await client.signInWithPassword(alice).catch((error: unknown) => {
            if (!isAuthError(error)) throw error
          })
          expectWhole()
          reply = refreshReply
          if (client.getSnapshot().status === 'signedIn') {
            await client.refresh().catch((error: unknown) => {
              if (!isAuthError(error)) throw error
            })
            expectWhole()
          }
        } finally {
          stop()
        }
      }),
      { numRuns: 300 },
    )
  })
})
