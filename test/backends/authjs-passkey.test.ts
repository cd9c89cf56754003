// @vitest-environment jsdom
import { afterEach, beforeEach, expect, it } from 'vitest'
import { authJs } from '../../src/backends/authjs/index.ts'
import { createAuthClient, memoryStorage } from '../../src/index.ts'
import { addPasskey, signInWithPasskey, signUpWithPasskey } from '../../src/core/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { authJsUrl, browser, PASSWORD, uniqueEmail } from '../support/authjs.ts'

// Passkeys on the run's real Auth.js (its Passkey provider, the relying party its origin): a software
// authenticator signs real WebAuthn ceremonies for a page on Auth.js's origin, and Auth.js verifies
// them. The challenge waits in Auth.js's cookie between options and callback: the jar plays the browser.

let authenticator: SoftwareAuthenticator
beforeEach(() => {
  authenticator = installSoftwareAuthenticator({ origin: authJsUrl })
})
afterEach(() => authenticator.uninstall())

const backend = () => authJs({ url: `${authJsUrl}/api/auth`, passkey: true, signUp: async (input, ctx) => void (await ctx.fetch(`${authJsUrl}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })) })
const client = (page = browser()) => createAuthClient({ backend: backend(), storage: memoryStorage(), fetch: page.fetch, sync: false, locks: null })

it('signs up with a passkey alone (Auth.js creates the user), then signs in with it on a new page', async () => {
  const page = browser()
  const first = client(page)
  const email = uniqueEmail('authjs-passkey-signup')
  await signUpWithPasskey(first, { email })
  expect(first.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
  await first.signOut()
  const next = client(page)
  await signInWithPasskey(next)
  expect(next.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
})

it('adds a passkey to a password account; a forged signature is refused with passkey_failed and nobody is signed in', async () => {
  const first = client()
  const email = uniqueEmail('authjs-passkey-add')
  await first.signUp({ email, password: PASSWORD })
  expect(await addPasskey(first)).toMatchObject({ id: expect.any(String), nickname: null })
  await first.signOut()
  // the signature altered on its way to Auth.js
  const page = browser()
  let forge = true
  const forging: typeof fetch = async (input, init) => {
    if (forge && String(input).includes('/callback/passkey') && typeof init?.body === 'string') {
      forge = false
      const form = new URLSearchParams(init.body)
      const credential = JSON.parse(form.get('data')!) as { response: { signature: string } }
      const last = credential.response.signature.at(-2) === 'A' ? 'B' : 'A'
      credential.response.signature = `${credential.response.signature.slice(0, -2)}${last}${credential.response.signature.slice(-1)}`
      form.set('data', JSON.stringify(credential))
      return page.fetch(input, { ...init, body: form.toString() })
    }
    return page.fetch(input, init)
  }
  const next = createAuthClient({ backend: backend(), storage: memoryStorage(), fetch: forging, sync: false, locks: null })
  await expect(signInWithPasskey(next)).rejects.toMatchObject({ code: 'passkey_failed', serverCode: 'WebAuthnVerificationError' })
  expect(next.getSnapshot().status).not.toBe('signedIn')
  await signInWithPasskey(next)
  expect(next.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
})
