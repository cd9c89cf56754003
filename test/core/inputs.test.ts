// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { type AuthClient } from '../../src/index.ts'
import { activateTotp, addPasskey, changeEmail, changePassword, completePasswordReset, createPersonalAccessToken, deanonymize, disableTotp, handleAuthRedirect, oauthProviderUrl, requestPasswordReset, sendEmailOtp, sendMagicLink, sendSmsOtp, sendVerificationEmail, signInAnonymously, signInWithPasskey, signInWithPersonalAccessToken, signUpWithPasskey, startTotpSetup, verifyEmailOtp, verifySmsOtp, verifyTotp } from '../../src/core/index.ts'
import { testBackend } from '../support/backend.tsx'

// Every public flow, given wrong-typed, empty, blank or oversized values: AuthError('invalid_input')
// naming the field, and not one request sent. No TypeError escapes.

const throwingToString = { toString: () => { throw new Error('toString called') } }
const huge = 'x'.repeat(5 * 1024 * 1024)
/** Values no string field accepts; `undefined` is added for required fields. */
const notStrings = [null, 42, true, {}, [], throwingToString, '', '   ', huge]
const notObjects = [null, 42, 'text', [], huge]
const circular: Record<string, unknown> = {}
circular.self = circular
const notMetadata = [null, 42, 'text', [], circular, { blob: 'y'.repeat(70_000) }]

const email = 'sam@example.com'
const password = 'correct horse battery'

type Call = (client: AuthClient, value: unknown) => Promise<unknown>
const cases: Array<[string, Call, unknown[]]> = [
  ['signInWithPassword(input)', (c, v) => c.signInWithPassword(v as never), notObjects],
  ['signInWithPassword email', (c, v) => c.signInWithPassword({ email: v, password } as never), [...notStrings, undefined, 'no-at-sign']],
  ['signInWithPassword password', (c, v) => c.signInWithPassword({ email, password: v } as never), [...notStrings, undefined]],
  ['signUp(input)', (c, v) => c.signUp(v as never), notObjects],
  ['signUp email', (c, v) => c.signUp({ email: v, password } as never), [...notStrings, undefined, 'a b@c']],
  ['signUp password', (c, v) => c.signUp({ email, password: v } as never), [...notStrings, undefined]],
  ['signUp displayName', (c, v) => c.signUp({ email, password, displayName: v } as never), notStrings],
  ['signUp locale', (c, v) => c.signUp({ email, password, locale: v } as never), [...notStrings, 'a-very-long-locale-tag']],
  ['signUp metadata', (c, v) => c.signUp({ email, password, metadata: v } as never), notMetadata],
  ['signUp redirectTo', (c, v) => c.signUp({ email, password, redirectTo: v } as never), notStrings.slice(0, 8)],
  ['signOut options', (c, v) => c.signOut(v as never), notObjects.filter((v) => v !== null)],
  ['signOut all', (c, v) => c.signOut({ all: v } as never), [null, 'yes', 1]],
  ['requestPasswordReset email', (c, v) => requestPasswordReset(c, { email: v } as never), [...notStrings, undefined]],
  ['completePasswordReset newPassword', (c, v) => completePasswordReset(c, { newPassword: v } as never), [...notStrings, undefined]],
  ['completePasswordReset ticket', (c, v) => completePasswordReset(c, { newPassword: password, ticket: v } as never), notStrings],
  ['changePassword newPassword', (c, v) => changePassword(c, { newPassword: v } as never), [...notStrings, undefined]],
  ['changeEmail newEmail', (c, v) => changeEmail(c, { newEmail: v } as never), [...notStrings, undefined]],
  ['sendVerificationEmail email', (c, v) => sendVerificationEmail(c, { email: v } as never), [...notStrings, undefined]],
  ['signInAnonymously displayName', (c, v) => signInAnonymously(c, { displayName: v } as never), notStrings],
  ['deanonymize email', (c, v) => deanonymize(c, { email: v, password } as never), [...notStrings, undefined]],
  ['deanonymize password', (c, v) => deanonymize(c, { email, password: v } as never), [...notStrings, undefined]],
  ['createPersonalAccessToken expiresAt', (c, v) => createPersonalAccessToken(c, { expiresAt: v } as never), [undefined, null, '2030-01-01', 42, new Date('nope')]],
  ['createPersonalAccessToken metadata', (c, v) => createPersonalAccessToken(c, { expiresAt: new Date(Date.now() + 86_400_000), metadata: v } as never), notMetadata],
  ['signInWithPersonalAccessToken', (c, v) => signInWithPersonalAccessToken(c, v as never), [...notStrings, undefined]],
  ['sendMagicLink email', (c, v) => sendMagicLink(c, { email: v } as never), [...notStrings, undefined]],
  ['sendEmailOtp', (c, v) => sendEmailOtp(c, v as never), [...notStrings, undefined]],
  ['verifyEmailOtp otp', (c, v) => verifyEmailOtp(c, { email, otp: v } as never), [...notStrings, undefined]],
  ['sendSmsOtp', (c, v) => sendSmsOtp(c, v as never), [...notStrings, undefined]],
  ['verifySmsOtp phoneNumber', (c, v) => verifySmsOtp(c, { phoneNumber: v, otp: '123456' } as never), [...notStrings, undefined]],
  // absent is allowed: a server that keeps the pending sign-in itself gives no ticket
  ['verifyTotp ticket', (c, v) => verifyTotp(c, { ticket: v, code: '123456' } as never), notStrings],
  ['verifyTotp code', (c, v) => verifyTotp(c, { ticket: 'mfaTotp:x', code: v } as never), [...notStrings, undefined, '12345', '1234567']],
  ['activateTotp', (c, v) => activateTotp(c, v as never), [...notStrings, undefined]],
  ['disableTotp', (c, v) => disableTotp(c, v as never), [...notStrings, undefined]],
  ['startTotpSetup issuer', (c, v) => startTotpSetup(c, { issuer: v } as never), notStrings],
  ['signInWithPasskey email', (c, v) => signInWithPasskey(c, { email: v } as never), notStrings],
  ['signInWithPasskey autofill', (c, v) => signInWithPasskey(c, { autofill: v } as never), [null, 'yes', 1]],
  ['signUpWithPasskey email', (c, v) => signUpWithPasskey(c, { email: v } as never), [...notStrings, undefined]],
  ['addPasskey nickname', (c, v) => addPasskey(c, { nickname: v } as never), notStrings],
  ['oauthProviderUrl provider', (c, v) => oauthProviderUrl(c, v as never), [...notStrings, undefined]],
  ['handleAuthRedirect url', (c, v) => handleAuthRedirect(c, v as never), ['', 'not a url', '/relative']],
]

describe('every public flow refuses bad input before any request', () => {
  it.for(cases)('%s', async ([, call, values]) => {
    for (const value of values) {
      const { server, client } = testBackend({ clock: 'real' })
      const error = await call(client, value).then(
        () => null,
        (e: unknown) => e,
      )
      expect(error, `value ${describeValue(value)}`).toMatchObject({ name: 'AuthError', code: 'invalid_input' })
      // the message names the field and never echoes a value
      expect(String((error as Error).message).length).toBeLessThan(200)
      expect(server.requests, `value ${describeValue(value)}`).toEqual([])
    }
  })
})

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value)
  if (value === throwingToString) return 'an object whose toString throws'
  if (value === circular) return 'a circular object'
  try {
    return JSON.stringify(value)?.slice(0, 40) ?? String(value)
  } catch {
    return typeof value
  }
}

describe("sign-up fields (the backend's signUpFields)", () => {
  const declaring = () =>
    testBackend({
      backend: (base) => ({ ...base, signUp: { ...base.signUp, fields: [{ name: 'first_name', kind: 'givenName', required: true }, { name: 'phone', kind: 'phone', required: false }] } }),
    })

  it('refuses a missing required field, a name the backend does not declare, and a value that is not text, sending nothing', async () => {
    const { client, server } = declaring()
    const base = { email: 'a@example.com', password: 'correct horse battery' }
    for (const fields of [undefined, {}, { first_name: '  ' }, { first_name: 'Ann', nickname: 'x' }, { first_name: 42 }, 'Ann']) {
      await expect(client.signUp({ ...base, fields } as never)).rejects.toMatchObject({ name: 'AuthError', code: 'invalid_input' })
    }
    expect(server.requests).toHaveLength(0)
  })

  it('passes the declared ones on, trimmed', async () => {
    const env = declaring()
    let sent: unknown
    const spy = { ...env.backend, signUp: { fields: [{ name: 'first_name', kind: 'givenName' as const, required: true }], withPassword: async (input: { fields?: unknown }) => ((sent = input.fields), { kind: 'verify-email' as const, email: 'a@example.com' }) } }
    const { createAuthClient } = await import('../../src/index.ts')
    const client = createAuthClient({ backend: spy as never, fetch: env.server.fetch, sync: false, locks: null })
    await client.signUp({ email: 'a@example.com', password: 'correct horse battery', fields: { first_name: ' Ann ' } })
    expect(sent).toEqual({ first_name: 'Ann' })
  })
})
