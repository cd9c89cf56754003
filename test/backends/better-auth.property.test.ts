import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { type BackendContext, createAuthClient, isAuthError, memoryStorage, type Session } from '../../src/index.ts'
import { PASSWORD, pageFetch } from '../support/better-auth.ts'
import { answering, expectOnlyAuthErrors, generatedReplies, sessionsAreWhole } from '../support/generated-replies.ts'

// Every better-auth operation that reads a reply, fed generated replies (test/support/generated-replies.ts)
// bent from real replies of the better-auth server of the run, with or without a `set-auth-token`
// header: each call resolves or rejects with an AuthError, and a client never commits a session
// without a token.

const RUNS = Number(process.env.RUNS ?? 100)
const server = inject('betterAuthUrl')
const url = `${server}/api/auth`

/** Real replies of better-auth, captured once: the templates that generated replies bend. */
const templates: unknown[] = []
const replyArb = generatedReplies(templates)
beforeAll(async () => {
  const call = async (path: string, init: { body?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    const response = await pageFetch(`${url}${path}`, init.body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(init.body) })
    return { json: (await response.json()) as unknown, token: response.headers.get('set-auth-token') ?? '' }
  }
  const email = `property-${crypto.randomUUID().slice(0, 8)}@example.com`
  const signUp = await call('/sign-up/email', { body: { email, password: PASSWORD, name: 'Ada' } })
  const token = signUp.token
  templates.push(
    signUp.json,
    (await call('/get-session', { token })).json,
    (await call('/list-sessions', { token })).json,
    (await call('/passkey/generate-authenticate-options')).json,
    (await call('/passkey/list-user-passkeys', { token })).json,
    (await call('/two-factor/enable', { body: { password: PASSWORD }, token })).json,
    { twoFactorRedirect: true, twoFactorMethods: ['totp'] },
    { id: 'passkey-id', name: 'Laptop', createdAt: new Date().toISOString() },
    { status: true },
    {},
  )
})

const session: Session = { accessToken: 'session-token.signature', accessTokenExpiresAt: null, refreshToken: null, sessionId: null, idToken: null, user: null }
const credential = { id: 'abc', rawId: 'abc', type: 'public-key', response: {}, clientExtensionResults: {} }
const alice = { email: 'alice@example.com', password: PASSWORD }

/** Every operation of the adapter that sends a request and reads its reply, with valid arguments. */
function operations(b: ReturnType<typeof betterAuth>): Array<[string, (ctx: BackendContext) => Promise<unknown>]> {
  return [
    ['signIn.withPassword', (ctx) => b.signIn.withPassword(alice, ctx)],
    ['signUp.withPassword', (ctx) => b.signUp.withPassword(alice, ctx)],
    ['session.signOut', (ctx) => b.session.signOut(session, ctx)],
    ['session.signOutEverywhere', (ctx) => b.session.signOutEverywhere(session, ctx)],
    ['session.signOutOthers', (ctx) => b.session.signOutOthers(session, ctx)],
    ['session.getUser', (ctx) => b.session.getUser(session, ctx)],
    ['mfa.setupTotp', (ctx) => b.mfa.setupTotp(session, { password: PASSWORD }, ctx)],
    ['mfa.enableTotp', (ctx) => b.mfa.enableTotp(session, '123456', ctx)],
    ['mfa.disableTotp', (ctx) => b.mfa.disableTotp(session, { password: PASSWORD }, ctx)],
    ['mfa.regenerateBackupCodes', (ctx) => b.mfa.regenerateBackupCodes(session, { password: PASSWORD }, ctx)],
    ['mfa.verifyTotp', (ctx) => b.mfa.verifyTotp({ code: '123456' }, ctx)],
    ['mfa.verifyBackupCode', (ctx) => b.mfa.verifyBackupCode({ code: 'abcde-fghij' }, ctx)],
    ['passkey.signInOptions', (ctx) => b.passkey.signInOptions({}, ctx)],
    ['passkey.signInVerify', (ctx) => b.passkey.signInVerify({ credential } as never, ctx)],
    ['passkey.addOptions', (ctx) => b.passkey.addOptions(session, ctx)],
    ['passkey.addVerify', (ctx) => b.passkey.addVerify(session, { credential } as never, ctx)],
    ['passkey.list', (ctx) => b.passkey.list(session, ctx)],
    ['passkey.remove', (ctx) => b.passkey.remove(session, 'passkey-id', ctx)],
    ['passkey.rename', (ctx) => b.passkey.rename(session, 'passkey-id', 'Laptop', ctx)],
    ['password.requestReset', (ctx) => b.password.requestReset({ email: alice.email }, ctx)],
    ['password.reset', (ctx) => b.password.reset({ newPassword: 'another long password', token: 'abc' }, ctx)],
    ['password.change', (ctx) => b.password.change(session, { newPassword: 'another long password', currentPassword: PASSWORD }, ctx)],
    ['email.sendVerification', (ctx) => b.email.sendVerification({ email: alice.email }, ctx)],
    ['email.verify', (ctx) => b.email.verify({ token: 'abc' }, ctx)],
    ['passwordless.magicLink', (ctx) => b.passwordless.magicLink({ email: alice.email, redirectTo: 'http://localhost:3000/' }, ctx)],
    ['passwordless.emailOtpStart', (ctx) => b.passwordless.emailOtpStart({ email: alice.email }, ctx)],
    ['passwordless.emailOtpVerify', (ctx) => b.passwordless.emailOtpVerify({ email: alice.email, otp: '123456' }, ctx)],
    ['anonymous.signIn', (ctx) => b.anonymous.signIn({}, ctx)],
    ['devices.list', (ctx) => b.devices.list(session, ctx)],
    ['redirect.finish', (ctx) => b.redirect.finish({ kind: 'server-session', purpose: 'sign-in', params: [] }, null, ctx)],
  ]
}

const backend = betterAuth({ url })

describe('better-auth reply parsing, generated replies', () => {
  it('names every operation of the adapter that reads a reply', () => {
    const named = new Set(operations(backend).map(([name]) => name))
    for (const [group, value] of Object.entries(backend)) {
      if (typeof value === 'function') {
        expect(named, group).toContain(group)
        continue
      }
      if (!value || typeof value !== 'object' || group === 'traits') continue
      for (const [operation, fn] of Object.entries(value)) {
        // redirect.parse reads a URL, and devices.revoke needs a listed id first: no reply to bend
        if (typeof fn !== 'function' || `${group}.${operation}` === 'redirect.parse' || `${group}.${operation}` === 'devices.revoke') continue
        expect(named, `${group}.${operation}`).toContain(`${group}.${operation}`)
      }
    }
  })

  it.for(operations(backend).map(([name]) => name))('%s: resolves or rejects with an AuthError, never a broken session', async (name) => {
    await expectOnlyAuthErrors(name, operations(backend).find(([n]) => n === name)![1], replyArb, RUNS)
  })
})

describe('a client on better-auth, fed generated replies to sign-in and to the confirmation on the next page load', () => {
  it('commits only sessions with a token, keeps or ends them whole, and rejects only with AuthErrors', async () => {
    await fc.assert(
      fc.asyncProperty(replyArb, replyArb, async (signInReply, confirmReply) => {
        const storage = memoryStorage()
        const expectWhole = (client: ReturnType<typeof createAuthClient>) => {
          const { status, session: held } = client.getSnapshot()
          if (status === 'signedIn') expect(held!.accessToken).toMatch(/./)
          const stored = storage.get() as string | null
          if (stored) expect(sessionsAreWhole(JSON.parse(stored))).toBe(true)
        }
        const first = createAuthClient({ backend, storage, fetch: answering(signInReply) })
        await first.signInWithPassword(alice).catch((error: unknown) => {
          if (!isAuthError(error)) throw error
        })
        expectWhole(first)
        if (!storage.get()) return
        // the next page load shows the stored session, then confirms it with the reply given
        const next = createAuthClient({ backend, storage, fetch: answering(confirmReply) })
        const stop = next.start()
        try {
          await next.ready()
          await next.fetch('https://app.example/api').catch((error: unknown) => {
            if (!isAuthError(error)) throw error
          })
          expectWhole(next)
          // ended only on the server's word that the session is gone
          if (next.getSnapshot().status === 'signedOut') expect(next.getSnapshot().error?.code).toBe('unauthorized')
        } finally {
          stop()
        }
      }),
      { numRuns: 200 },
    )
  })
})
