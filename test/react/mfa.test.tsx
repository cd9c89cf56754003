// @vitest-environment jsdom
import { cleanup } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useMfa, useSession, useSignIn, withoutCapabilities } from '../../src/index.ts'
import { alice, testBackend } from '../support/backend.tsx'
import { rejects, renderAuth, run, totpCode } from '../support/hooks.tsx'

afterEach(cleanup)

async function signedIn() {
  const env = testBackend()
  await env.server.admin.createUser(alice)
  await env.client.signInWithPassword(alice)
  return env
}

describe('useMfa', () => {
  it('sets up TOTP with a QR code and the secret, activates it with a code computed from the secret', async () => {
    const { server, clock, wrapper, contract } = await signedIn()
    const { result } = renderAuth(() => useMfa(), wrapper)
    expect(result.current.status).toBeNull()

    const setup = await run(() => result.current.setup.mutateAsync({ issuer: 'Acme' }))
    expect(setup.secret).toMatch(/^[A-Z2-7]+=*$/)
    expect(setup.uri).toBe(`otpauth://totp/Acme:${encodeURIComponent(alice.email)}?secret=${setup.secret}&issuer=Acme&algorithm=SHA1&digits=6&period=30`)
    expect(setup.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/)
    expect(setup.qrDataUrl).toMatch(/^data:image\/svg\+xml/)

    await rejects(() => result.current.activate.mutateAsync('000000'), 'invalid-totp')
    await rejects(() => result.current.activate.mutateAsync('12345'), 'invalid_input')
    await run(() => result.current.activate.mutateAsync(totpCode(setup.secret, clock.now())))
    expect(result.current.status).toBe('totp')
    expect(server.admin.getUser(alice.email)?.activeMfaType).toBe('totp')
    expect(contract!.operations).toEqual(expect.arrayContaining(['changeUserMfa', 'verifyChangeUserMfa']))
  })

  it('challenges the next sign-in, refuses a wrong code, a reused code and an expired ticket', async () => {
    const { client, clock, wrapper, contract } = await signedIn()
    const mfa = renderAuth(() => useMfa(), wrapper)
    const { secret } = await run(() => mfa.result.current.setup.mutateAsync())
    await run(() => mfa.result.current.activate.mutateAsync(totpCode(secret, clock.now())))
    await client.signOut()

    const { result } = renderAuth(() => ({ signIn: useSignIn(), status: useSession((s) => s.status) }), wrapper)
    clock.advance(30_000) // the activation code is spent; wait for the next one
    await run(() => result.current.signIn.signIn(alice))
    expect(result.current.signIn.step).toBe('mfa')
    await rejects(() => result.current.signIn.verifyTotp('123456'), 'invalid-totp')
    expect(result.current.status).toBe('signedOut')

    const code = totpCode(secret, clock.now())
    await run(() => result.current.signIn.verifyTotp(code))
    expect(result.current.status).toBe('signedIn')
    expect(result.current.signIn.step).toBe('done')

    // the same code cannot sign in twice
    await client.signOut()
    await run(() => result.current.signIn.signIn(alice))
    await rejects(() => result.current.signIn.verifyTotp(code), 'invalid-totp')

    // a ticket is good for five minutes
    clock.advance(6 * 60_000)
    await rejects(() => result.current.signIn.verifyTotp(totpCode(secret, clock.now())), 'invalid-ticket')
    expect(contract!.operations).toEqual(expect.arrayContaining(['signInEmailPassword', 'verifySignInMfaTotp']))
  })

  it('accepts a code from the previous 30-second step (clock drift) but not from two steps back', async () => {
    const { client, clock, wrapper } = await signedIn()
    const mfa = renderAuth(() => useMfa(), wrapper)
    const { secret } = await run(() => mfa.result.current.setup.mutateAsync())
    await run(() => mfa.result.current.activate.mutateAsync(totpCode(secret, clock.now())))
    await client.signOut()
    clock.advance(90_000)
    const { result } = renderAuth(() => useSignIn(), wrapper)
    await run(() => result.current.signIn(alice))
    await rejects(() => result.current.verifyTotp(totpCode(secret, clock.now() - 60_000)), 'invalid-totp')
    await run(() => result.current.verifyTotp(totpCode(secret, clock.now() - 30_000)))
  })

  it('disables TOTP with a current code', async () => {
    const { clock, wrapper } = await signedIn()
    const { result } = renderAuth(() => useMfa(), wrapper)
    const { secret } = await run(() => result.current.setup.mutateAsync())
    await run(() => result.current.activate.mutateAsync(totpCode(secret, clock.now())))
    clock.advance(30_000)
    await rejects(() => result.current.disable.mutateAsync('000000'), 'invalid-totp')
    await run(() => result.current.disable.mutateAsync(totpCode(secret, clock.now())))
    expect(result.current.status).toBeNull()
  })

  it('refuses setup while signed out and on a backend without TOTP', async () => {
    const env = testBackend()
    const { result } = renderAuth(() => useMfa(), env.wrapper)
    await rejects(() => result.current.setup.mutateAsync(), 'not_signed_in')
    const limited = testBackend({ backend: (b) => withoutCapabilities(b, ['mfaTotp']) })
    const other = renderAuth(() => useMfa(), limited.wrapper)
    await rejects(() => other.result.current.setup.mutateAsync(), 'unsupported')
  })

})
