// @vitest-environment jsdom
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { usePasswordless, useUser, withoutCapabilities } from '../../src/index.ts'
import { verifyTotp } from '../../src/core/flows/mfa-verify.ts'
import { APP, testBackend, type TestBackendOptions } from '../support/backend.tsx'
import { follow, rejects, renderAuth, run, totpCode } from '../support/hooks.tsx'

afterEach(cleanup)
beforeEach(() => window.history.replaceState(null, '', '/'))

const email = 'sam@example.com'
const phone = '+15555550123'

function env(options: TestBackendOptions = {}) {
  const setup = testBackend(options)
  const hook = renderAuth(() => ({ pl: usePasswordless(), user: useUser() }), setup.wrapper)
  return { ...setup, hook }
}

describe('usePasswordless', () => {
  it('magic link: the e-mailed link signs the (new) user in', async () => {
    const { server, hook, contract } = env()
    await run(() => hook.result.current.pl.magicLink.send.mutateAsync({ email, redirectTo: `${APP}/in` }))
    window.history.replaceState(null, '', await follow(server, server.lastMessage(email, 'magic-link').link!))
    await run(() => hook.result.current.pl.magicLink.handleRedirect.mutateAsync())
    expect(hook.result.current.user).toMatchObject({ email, emailVerified: true })
    expect(window.location.href).toBe(`${APP}/in`)
    expect(contract!.operations).toEqual(expect.arrayContaining(['signInPasswordlessEmail', 'verifyTicket', 'refreshToken']))
  })

  it('e-mail code: signs in with the right code, once', async () => {
    const { server, client, hook, contract } = env()
    await run(() => hook.result.current.pl.emailOtp.send.mutateAsync(email))
    const { code } = server.lastMessage(email, 'email-otp')
    expect(code).toMatch(/^\d{6}$/)
    await rejects(() => hook.result.current.pl.emailOtp.verify.mutateAsync({ email, otp: code === '000000' ? '111111' : '000000' }), 'invalid-otp')
    await run(() => hook.result.current.pl.emailOtp.verify.mutateAsync({ email, otp: code! }))
    expect(hook.result.current.user?.email).toBe(email)
    await client.signOut()
    await rejects(() => hook.result.current.pl.emailOtp.verify.mutateAsync({ email, otp: code! }), 'invalid-otp')
    expect(contract!.operations).toEqual(expect.arrayContaining(['signInOTPEmail', 'verifySignInOTPEmail']))
  })

  it('e-mail code: locks after five wrong tries and expires after five minutes', async () => {
    const { server, clock, hook } = env()
    await run(() => hook.result.current.pl.emailOtp.send.mutateAsync(email))
    const { code } = server.lastMessage(email, 'email-otp')
    const wrong = code === '123456' ? '654321' : '123456'
    for (let i = 0; i < 5; i++) await rejects(() => hook.result.current.pl.emailOtp.verify.mutateAsync({ email, otp: wrong }), 'invalid-otp')
    await rejects(() => hook.result.current.pl.emailOtp.verify.mutateAsync({ email, otp: code! }), 'invalid-otp')

    await run(() => hook.result.current.pl.emailOtp.send.mutateAsync(email))
    const fresh = server.lastMessage(email, 'email-otp').code!
    clock.advance(5 * 60_000 + 1)
    await rejects(() => hook.result.current.pl.emailOtp.verify.mutateAsync({ email, otp: fresh }), 'invalid-otp')
  })

  it('SMS code: signs in, or asks for the TOTP step when the user has one', async () => {
    const { server, client, clock, hook, contract } = env()
    await run(() => hook.result.current.pl.sms.send.mutateAsync(phone))
    const first = await run(() => hook.result.current.pl.sms.verify.mutateAsync({ phoneNumber: phone, otp: server.lastMessage(phone, 'sms-otp').code! }))
    expect(first.kind).toBe('session')
    expect(hook.result.current.user?.phoneNumber).toBe(phone)

    // turn TOTP on for this user, then the SMS code is only the first factor
    const { startTotpSetup, activateTotp } = await import('../../src/core/flows/mfa.ts')
    const { secret } = await startTotpSetup(client)
    await activateTotp(client, totpCode(secret, clock.now()))
    await client.signOut()
    clock.advance(30_000)
    await run(() => hook.result.current.pl.sms.send.mutateAsync(phone))
    const second = await run(() => hook.result.current.pl.sms.verify.mutateAsync({ phoneNumber: phone, otp: server.lastMessage(phone, 'sms-otp').code! }))
    expect(second.kind).toBe('mfa')
    expect(hook.result.current.user).toBeNull()
    if (second.kind === 'mfa') await run(() => verifyTotp(client, { ticket: second.ticket!, code: totpCode(secret, clock.now()) }))
    expect(hook.result.current.user?.phoneNumber).toBe(phone)
    expect(contract!.operations).toEqual(expect.arrayContaining(['signInPasswordlessSms', 'verifySignInPasswordlessSms']))
  })

  it('refuses input that cannot be sent before any request, and a server without the flow', async () => {
    const { server, hook } = env()
    const before = server.requests.length
    await rejects(() => hook.result.current.pl.emailOtp.send.mutateAsync(' '), 'invalid_input')
    expect(server.requests.length).toBe(before)
    const limited = testBackend({ backend: (b) => withoutCapabilities(b, ['smsOtp']) })
    const other = renderAuth(() => usePasswordless(), limited.wrapper)
    await rejects(() => other.result.current.sms.send.mutateAsync(phone), 'unsupported')
  })

})
