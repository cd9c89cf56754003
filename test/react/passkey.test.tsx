// @vitest-environment jsdom
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useChangePassword, useElevation, usePasskey, useSession } from '../../src/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { alice, testBackend } from '../support/backend.tsx'
import { rejects, renderAuth, run, start } from '../support/hooks.tsx'

let authenticator: SoftwareAuthenticator
beforeEach(() => {
  authenticator = installSoftwareAuthenticator()
  // an e-mail field offering passkeys, as conditional UI requires
  document.body.innerHTML = '<input autocomplete="username webauthn" />'
})
afterEach(() => {
  cleanup()
  authenticator.uninstall()
})

function passkeyEnv() {
  const env = testBackend()
  const hook = renderAuth(() => ({ passkey: usePasskey(), status: useSession((s) => s.status) }), env.wrapper)
  return { ...env, hook }
}

describe('usePasskey', () => {
  it('signs up with a passkey, then signs in with it — the server verifies real signatures', async () => {
    const { server, client, hook, contract } = passkeyEnv()
    expect(hook.result.current.passkey.isSupported).toBe(true)
    const session = await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com', nickname: 'Laptop' }))
    expect(session?.user?.email).toBe('pat@example.com')
    expect(server.admin.passkeys('pat@example.com')).toEqual([{ id: authenticator.credentials[0]!.id, nickname: 'Laptop', counter: 0 }])

    await client.signOut()
    await run(() => hook.result.current.passkey.signIn.mutateAsync({}))
    expect(hook.result.current.status).toBe('signedIn')
    expect(server.admin.passkeys('pat@example.com')[0]!.counter).toBe(1)

    await client.signOut()
    await run(() => hook.result.current.passkey.signIn.mutateAsync({ email: 'pat@example.com' }))
    expect(server.admin.passkeys('pat@example.com')[0]!.counter).toBe(2)
    expect(contract!.operations).toEqual(expect.arrayContaining(['signUpWebauthn', 'verifySignUpWebauthn', 'signInWebauthn', 'verifySignInWebauthn']))
  })

  it('tells a dismissed prompt (passkey_cancelled) apart from a server rejection', async () => {
    const { client, hook } = passkeyEnv()
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await client.signOut()
    authenticator.cancelNext()
    await rejects(() => hook.result.current.passkey.signIn.mutateAsync({}), 'passkey_cancelled')
    expect(hook.result.current.passkey.signIn.error?.code).toBe('passkey_cancelled')
    expect(hook.result.current.status).toBe('signedOut')

    // a passkey the server does not know (deleted account, other site) is the server's refusal
    const other = testBackend()
    const foreign = renderAuth(() => usePasskey(), other.wrapper)
    await rejects(() => foreign.result.current.signIn.mutateAsync({}), 'unauthorized')
  })

  it('signs in through autofill when the user picks the passkey', async () => {
    const { client, hook } = passkeyEnv()
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await client.signOut()
    expect(hook.result.current.passkey.isAutofillSupported).toBe(true)
    const pending = start(() => hook.result.current.passkey.autofill.mutateAsync())
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    expect(hook.result.current.status).toBe('signedOut')
    authenticator.pickAutofill()
    expect((await pending.settled())?.user?.email).toBe('pat@example.com')
    expect(hook.result.current.status).toBe('signedIn')
  })

  it('never prompts nor signs in for an autofill request its component aborted (StrictMode mounts twice)', async () => {
    const { server, client, hook } = passkeyEnv()
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await client.signOut()
    const get = navigator.credentials.get.bind(navigator.credentials)
    let prompts = 0
    navigator.credentials.get = (options) => ((prompts += 1), get(options))
    const verifications = () => server.requests.filter((r) => r.path === '/signin/webauthn/verify').length

    // the first mount's request, aborted by its cleanup before its options arrive, and the second's
    const first = new AbortController()
    const unmounted = start(() => hook.result.current.passkey.autofill.mutateAsync({ signal: first.signal }))
    first.abort()
    const mounted = new AbortController()
    const pending = start(() => hook.result.current.passkey.autofill.mutateAsync({ signal: mounted.signal }))
    expect(await unmounted.settled()).toBeNull()
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    expect(prompts).toBe(1)

    // aborted after the prompt opened (the form unmounted): picking the passkey then signs nobody in
    mounted.abort()
    authenticator.pickAutofill()
    expect(await pending.settled()).toBeNull()
    expect(verifications()).toBe(0)
    expect(hook.result.current.status).toBe('signedOut')
  })

  it('aborts a pending autofill request before a button-started ceremony: never two at once', async () => {
    const { client, hook } = passkeyEnv()
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await client.signOut()
    const autofill = start(() => hook.result.current.passkey.autofill.mutateAsync())
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    const maxBefore = authenticator.maxPending

    await run(() => hook.result.current.passkey.signIn.mutateAsync({}))
    expect(await autofill.settled()).toBeNull() // replaced, not failed
    expect(hook.result.current.passkey.autofill.error).toBeNull()
    expect(authenticator.maxPending).toBe(maxBefore)
    expect(authenticator.maxPending).toBe(1)
    expect(hook.result.current.status).toBe('signedIn')
  })

  it('renews an idle autofill request before its challenge runs out: one request pending, the pick answers the new challenge', async () => {
    // the server's challenges last 400 ms here (hasura-auth's AUTH_WEBAUTHN_ATTESTATION_TIMEOUT, turned down)
    const env = testBackend({ webauthnTimeout: 400 })
    const hook = renderAuth(() => ({ passkey: usePasskey(), status: useSession((s) => s.status) }), env.wrapper)
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await env.client.signOut()
    // the challenge each conditional request carries
    const challenges: string[] = []
    const get = navigator.credentials.get.bind(navigator.credentials)
    navigator.credentials.get = (options) => {
      challenges.push(new TextDecoder().decode(options!.publicKey!.challenge as ArrayBuffer))
      return get(options)
    }
    const pending = start(() => hook.result.current.passkey.autofill.mutateAsync())
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    // the page sits idle: a fresh challenge replaces the old one before the server would refuse it
    await expect.poll(() => challenges.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    expect(authenticator.maxPending).toBe(1)
    expect(new Set(challenges).size).toBe(challenges.length)
    authenticator.pickAutofill()
    expect((await pending.settled())?.user?.email).toBe('pat@example.com')
    expect(hook.result.current.status).toBe('signedIn')
    expect(hook.result.current.passkey.autofill.error).toBeNull()
  })

  it('ends the autofill request before a password sign-in sends anything', async () => {
    const { server, client, hook } = passkeyEnv()
    await server.admin.createUser(alice)
    const get = navigator.credentials.get.bind(navigator.credentials)
    // what the server had received when the browser's autofill request ended
    let seenAtAbort: string[] | null = null
    navigator.credentials.get = (options) => {
      options?.signal?.addEventListener('abort', () => (seenAtAbort = server.requests.map((r) => r.path)))
      return get(options)
    }
    const autofill = start(() => hook.result.current.passkey.autofill.mutateAsync())
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    await client.signInWithPassword(alice)
    expect(await autofill.settled()).toBeNull()
    expect(seenAtAbort).not.toBeNull()
    expect(seenAtAbort).not.toContain('/signin/email-password')
    expect(server.requests.map((r) => r.path)).toContain('/signin/email-password')
    expect(authenticator.autofillWaiting).toBe(false)
  })

  it('takes the user dismissing the passkey sheet as no error: the field offers the passkey again', async () => {
    const { server, client, hook } = passkeyEnv()
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await client.signOut()
    const pending = start(() => hook.result.current.passkey.autofill.mutateAsync())
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    const asked = () => server.requests.filter((r) => r.path === '/signin/webauthn').length
    expect(asked()).toBe(1)
    authenticator.cancelNext()
    authenticator.pickAutofill()
    // offered again, no error anywhere
    await expect.poll(() => asked()).toBe(2)
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    expect(hook.result.current.passkey.autofill.error).toBeNull()
    expect(hook.result.current.status).toBe('signedOut')
    authenticator.pickAutofill()
    expect((await pending.settled())?.user?.email).toBe('pat@example.com')
  })

  it("keeps one autofill request per page: a second form's request ends the first", async () => {
    const { client, hook } = passkeyEnv()
    await run(() => hook.result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    await client.signOut()
    const first = start(() => hook.result.current.passkey.autofill.mutateAsync())
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    const second = start(() => hook.result.current.passkey.autofill.mutateAsync())
    expect(await first.settled()).toBeNull()
    await expect.poll(() => authenticator.autofillWaiting).toBe(true)
    expect(authenticator.maxPending).toBe(1)
    authenticator.pickAutofill()
    expect((await second.settled())?.user?.email).toBe('pat@example.com')
  })

  it('adds a first passkey to a password account without elevation, a second one after elevating', async () => {
    const { server, client, hook, contract } = passkeyEnv()
    await server.admin.createUser(alice)
    await client.signInWithPassword(alice)
    await run(() => hook.result.current.passkey.add.mutateAsync({ nickname: 'Phone' }))
    expect(server.admin.passkeys(alice.email)).toHaveLength(1)

    // the same authenticator refuses a second passkey for the account, as real ones do
    await rejects(() => hook.result.current.passkey.add.mutateAsync({ nickname: 'Phone again' }), 'passkey_already_registered')

    const uses = () => authenticator.credentials[0]!.signCount
    authenticator.useNewDevice()
    await run(() => hook.result.current.passkey.add.mutateAsync({ nickname: 'Laptop' }))
    expect(server.admin.passkeys(alice.email).map((p) => p.nickname)).toEqual(['Phone', 'Laptop'])
    expect(uses()).toBe(1) // the first passkey signed the elevation, still valid for the second add
    expect(server.requests.some((r) => r.path === '/user/webauthn/add' && r.status === 403)).toBe(true)
    expect(contract!.operations).toEqual(expect.arrayContaining(['addSecurityKey', 'verifyAddSecurityKey', 'elevateWebauthn', 'verifyElevateWebauthn']))
  })

  it('elevates on demand: useElevation reports the claim until the token is refreshed', async () => {
    const env = testBackend()
    const { result } = renderAuth(() => ({ elevation: useElevation(), passkey: usePasskey(), change: useChangePassword().changePassword }), env.wrapper)
    await run(() => result.current.passkey.signUp.mutateAsync({ email: 'pat@example.com' }))
    expect(result.current.elevation.elevated).toBe(false)
    await run(() => result.current.elevation.elevate.mutateAsync())
    expect(result.current.elevation.elevated).toBe(true)
    expect(result.current.elevation.until).toBeGreaterThan(Date.now())

    await run(() => env.client.refresh())
    expect(result.current.elevation.elevated).toBe(false)
    // changing the password needs elevation again: the hook elevates by itself
    await run(() => result.current.change.mutateAsync({ newPassword: 'a brand new password' }))
    expect(env.server.requests.filter((r) => r.path === '/user/password').map((r) => r.status)).toEqual([403, 200])
    expect(env.contract!.operations).toEqual(expect.arrayContaining(['changeUserPassword']))
  })

})
