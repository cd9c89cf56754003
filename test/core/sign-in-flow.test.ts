import { afterEach, describe, expect, it } from 'vitest'
import { signInFlow, type SignInSnapshot } from '../../src/core/index.ts'
import { alice, testBackend } from '../support/backend.tsx'
import { totpCode } from '../support/hooks.tsx'

// The sign-in flow in core (what useSignIn, <SignIn /> and <MfaChallenge /> read), without React.

let stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops) stop()
  stops = []
})

async function setup() {
  const env = testBackend()
  await env.server.admin.createUser(alice)
  stops.push(env.client.start())
  await env.client.ready()
  const flow = signInFlow(env.client)
  const seen: SignInSnapshot[] = []
  stops.push(flow.subscribe(() => seen.push(flow.getSnapshot())))
  return { ...env, flow, seen }
}

describe('signInFlow', () => {
  it('is one flow per client, with immutable snapshots published on every change', async () => {
    const { client, flow, seen } = await setup()
    expect(signInFlow(client)).toBe(flow)
    expect(flow.getSnapshot()).toMatchObject({ step: 'credentials', isPending: false, error: null })
    const failed = flow.signIn({ ...alice, password: 'wrong password' })
    expect(flow.getSnapshot().isPending).toBe(true)
    await expect(failed).rejects.toMatchObject({ code: 'invalid-email-password' })
    expect(flow.getSnapshot()).toMatchObject({ step: 'credentials', isPending: false, error: { code: 'invalid-email-password' } })
    expect(Object.isFrozen(flow.getSnapshot())).toBe(true)
    flow.reset()
    expect(flow.getSnapshot().error).toBeNull()
    expect(seen.map((s) => s.isPending)).toEqual([true, false, false])
  })

  it('is done while the session store holds a session, and starts over when it ends', async () => {
    const { client, flow } = await setup()
    await flow.signIn(alice)
    expect(flow.getSnapshot().step).toBe('done')
    await client.signOut()
    expect(flow.getSnapshot()).toMatchObject({ step: 'credentials', error: null })
  })

  it('holds the second-factor step (methods, ticket), keeps it on a wrong code, and finishes with the right one', async () => {
    const { client, server, clock, flow } = await setup()
    const secret = server.admin.enableTotp(alice.email)
    await expect(flow.verifyTotp('123456')).rejects.toMatchObject({ code: 'invalid_input' })
    const result = await flow.signIn(alice)
    expect(result.kind).toBe('mfa')
    expect(flow.getSnapshot()).toMatchObject({ step: 'mfa', mfa: { methods: ['totp'], ticket: expect.stringMatching(/^mfaTotp:/) } })
    const wrong = totpCode(secret, clock.now()) === '000000' ? '111111' : '000000'
    await expect(flow.verifyTotp(wrong)).rejects.toMatchObject({ code: 'invalid-totp' })
    expect(flow.getSnapshot()).toMatchObject({ step: 'mfa', error: { code: 'invalid-totp' } })
    await flow.verifyTotp(totpCode(secret, clock.now()))
    expect(flow.getSnapshot().step).toBe('done')
    expect(client.getSnapshot().status).toBe('signedIn')
  })

  it('ignores the outcome of an attempt that reset() abandoned', async () => {
    const { client, flow } = await setup()
    const abandoned = flow.signIn({ ...alice, password: 'wrong password' })
    flow.reset()
    await abandoned.catch(() => {})
    expect(flow.getSnapshot()).toMatchObject({ step: 'credentials', isPending: false, error: null })
    expect(client.getSnapshot().status).toBe('signedOut')
  })
})
