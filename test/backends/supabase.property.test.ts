import { beforeAll, describe, it } from 'vitest'
import { supabase } from '../../src/backends/supabase/index.ts'
import { type BackendContext, type Session } from '../../src/index.ts'
import { supabaseStandIn } from '../standins/supabase.ts'
import { expectEveryOperationNamed, expectOnlyAuthErrors, expectWholeSessionsThroughRefresh, generatedReplies } from '../support/generated-replies.ts'

// Every Supabase operation that reads a reply, fed generated replies (test/support/generated-replies.ts)
// bent from real replies of the stand-in: each call resolves or rejects with an AuthError, and a client
// commits only whole sessions, through a sign-in and the refresh on the next page load.

const RUNS = Number(process.env.RUNS ?? 100)
const standIn = supabaseStandIn({ autoconfirm: true })
const options = { url: 'https://project.supabase.test', anonKey: standIn.anonKey, anonymous: true, phone: true, passkeys: true }
const alice = { email: 'alice@example.com', password: 'correct horse battery' }

const templates: unknown[] = []
const replyArb = generatedReplies(templates)
beforeAll(async () => {
  const call = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = { apikey: standIn.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    const response = await standIn.fetch(`${options.url}/auth/v1${path}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) })
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>)
  }
  const signedUp = (await call('/signup', { body: alice })) as { access_token: string }
  const token = signedUp.access_token
  const enrolled = (await call('/factors', { body: { factor_type: 'totp' }, token })) as { id: string }
  templates.push(
    signedUp,
    await call('/token?grant_type=password', { body: alice }),
    await call('/token?grant_type=password', { body: { ...alice, password: 'wrong' } }),
    await call('/user', { token }),
    enrolled,
    await call(`/factors/${enrolled.id}/challenge`, { body: {}, token }),
    await call('/signup', { body: { email: 'bob@example.com', password: '123' } }),
    {},
  )
})

const session: Session = { accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.x', accessTokenExpiresAt: Date.now() + 3_600_000, refreshToken: 'r1', sessionId: null, idToken: null, user: null }
const ticket = JSON.stringify({ factorId: 'f1', accessToken: 'eyJ.x.y' })
// a credential answering a challenge no options asked for, and one with no client data at all
const credential = { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: btoa(JSON.stringify({ challenge: 'c' })) }, clientExtensionResults: {} }

function operations(): Array<[string, (ctx: BackendContext) => Promise<unknown>]> {
  const b = supabase(options)
  return [
    ['signIn.withPassword', (ctx) => b.signIn.withPassword(alice, ctx)],
    ['signUp.withPassword', (ctx) => b.signUp.withPassword(alice, ctx)],
    ['session.refresh', (ctx) => b.session.refresh!(session, ctx)],
    ['session.signOut', (ctx) => b.session.signOut(session, ctx)],
    ['session.signOutEverywhere', (ctx) => b.session.signOutEverywhere!(session, ctx)],
    ['session.signOutOthers', (ctx) => b.session.signOutOthers!(session, ctx)],
    ['session.getUser', (ctx) => b.session.getUser!(session, ctx)],
    ['mfa.setupTotp', (ctx) => b.mfa.setupTotp!(session, {}, ctx)],
    ['mfa.enableTotp', (ctx) => b.mfa.enableTotp!(session, '123456', ctx)],
    ['mfa.disableTotp', (ctx) => b.mfa.disableTotp!(session, { code: '123456' }, ctx)],
    ['mfa.verifyTotp', (ctx) => b.mfa.verifyTotp!({ ticket, code: '123456' }, ctx)],
    ['password.requestReset', (ctx) => b.password.requestReset!({ email: alice.email, redirectTo: 'https://app.example/' }, ctx)],
    ['password.reset', (ctx) => b.password.reset!({ newPassword: 'another long password', token: 'hash' }, ctx)],
    ['password.change', (ctx) => b.password.change!(session, { newPassword: 'another long password' }, ctx)],
    ['email.sendVerification', (ctx) => b.email.sendVerification!({ email: alice.email }, ctx)],
    ['passwordless.magicLink', (ctx) => b.passwordless.magicLink!({ email: alice.email, redirectTo: 'https://app.example/' }, ctx)],
    ['passwordless.emailOtpStart', (ctx) => b.passwordless.emailOtpStart!({ email: alice.email }, ctx)],
    ['passwordless.emailOtpVerify', (ctx) => b.passwordless.emailOtpVerify!({ email: alice.email, otp: '123456' }, ctx)],
    ['passwordless.smsStart', (ctx) => b.passwordless.smsStart!({ phoneNumber: '+4930123456' }, ctx)],
    ['passwordless.smsVerify', (ctx) => b.passwordless.smsVerify!({ phoneNumber: '+4930123456', otp: '123456' }, ctx)],
    ['anonymous.signIn', (ctx) => b.anonymous!.signIn({}, ctx)],
    ['anonymous.deanonymize', (ctx) => b.anonymous!.deanonymize!(session, { email: alice.email, password: alice.password, redirectTo: 'https://app.example/' }, ctx)],
    ['passkey.signInOptions', (ctx) => b.passkey!.signInOptions({}, ctx)],
    ['passkey.signInVerify', (ctx) => b.passkey!.signInVerify({ credential } as never, ctx)],
    ['passkey.addOptions', (ctx) => b.passkey!.addOptions!(session, ctx)],
    ['passkey.addVerify', (ctx) => b.passkey!.addVerify!(session, { credential } as never, ctx)],
    ['passkey.list', (ctx) => b.passkey!.list!(session, ctx)],
    ['passkey.remove', (ctx) => b.passkey!.remove!(session, 'passkey-id', ctx)],
    ['redirect.finish', (ctx) => b.redirect.finish!({ kind: 'one-time-token', token: 'hash', purpose: 'sign-in', params: [] }, null, ctx)],
    ['redirect.finish (code)', (ctx) => b.redirect.finish!({ kind: 'code', code: 'auth-code', state: null, purpose: 'sign-in', params: [] }, { verifier: 'v' }, ctx)],
  ]
}

describe('Supabase reply parsing, generated replies', () => {
  it('names every operation of the adapter that reads a reply', () => {
    expectEveryOperationNamed(
      supabase(options),
      operations().map(([name]) => name),
      // the provider's page is built here, no reply read
      ['redirect.parse', 'oauth.providerUrl'],
    )
  })

  it.for(operations().map(([name]) => name))('%s: resolves or rejects with an AuthError, never a broken session', async (name) => {
    await expectOnlyAuthErrors(name, operations().find(([n]) => n === name)![1], replyArb, RUNS)
  })
})

describe('a client on Supabase, fed generated replies to sign-in and to the refresh on the next page load', () => {
  it('commits only whole sessions, keeps or ends them whole, and rejects only with AuthErrors', async () => {
    await expectWholeSessionsThroughRefresh(supabase(options), alice, replyArb)
  })
})

