// @vitest-environment jsdom
import { afterEach, beforeEach, expect, it } from 'vitest'
import { supabase } from '../../src/backends/supabase/index.ts'
import { capabilitiesOf, createAuthClient, memoryStorage } from '../../src/index.ts'
import { addPasskey, completeResetWithPasskey, handleAuthRedirect, listPasskeys, removePasskey, requestPasswordReset, signInWithPasskey } from '../../src/core/index.ts'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { supabaseContract } from '../contract/supabase/checker.ts'
import { supabaseStandIn } from '../standins/supabase.ts'

// keyward's passkey flows on the Supabase stand-in's passkeys (GoTrue's internal/api/passkey_*.go,
// checked with @supabase/auth-js in supabase-official-passkey.test.ts): a software authenticator signs
// real ceremonies for the page, the stand-in verifies them (@simplewebauthn/server).

const PAGE = 'http://localhost:3000'
let authenticator: SoftwareAuthenticator
let contract = supabaseContract()
beforeEach(() => {
  authenticator = installSoftwareAuthenticator({ origin: PAGE })
})
afterEach(() => {
  authenticator.uninstall()
  expect(contract.violations).toEqual([])
  contract = supabaseContract()
})

function setup() {
  const standIn = supabaseStandIn({ autoconfirm: true })
  const backend = supabase({ url: 'https://project.supabase.test', anonKey: standIn.anonKey, passkeys: true })
  // the page's origin on every request, as a browser sends it
  const page = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    request.headers.set('origin', PAGE)
    return standIn.fetch(request)
  }
  const fetch = contract.wrap(page)
  return { standIn, backend, fetch, client: () => createAuthClient({ backend, fetch, storage: memoryStorage(), sync: false, locks: null }) }
}

it('offers passkeys and their management where the project has them on', () => {
  expect(capabilitiesOf(setup().backend)).toMatchObject({ passkeys: true, passkeyManagement: true })
  expect(capabilitiesOf(supabase({ url: 'https://p.supabase.test', anonKey: 'k' }))).toMatchObject({ passkeys: false, passkeyManagement: false })
})

it('adds a passkey, signs in with it on another page, lists it and removes it', async () => {
  const env = setup()
  const first = env.client()
  const email = `sb-passkey-${crypto.randomUUID().slice(0, 8)}@example.com`
  await first.signUp({ email, password: 'correct horse battery' })
  const added = await addPasskey(first)
  expect(added).toMatchObject({ id: expect.any(String), nickname: null })
  await first.signOut()
  const next = env.client()
  await signInWithPasskey(next)
  expect(next.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
  expect(await listPasskeys(next)).toEqual([{ id: added.id, nickname: null, createdAt: expect.any(String), credentialId: added.id, aaguid: null, lastUsedAt: expect.any(String) }])
  await removePasskey(next, added.id)
  expect(await listPasskeys(next)).toEqual([])
  await next.signOut()
  // removed: the authenticator still holds it, the server no longer takes it
  await expect(signInWithPasskey(env.client())).rejects.toMatchObject({ code: 'passkey_failed', serverCode: 'webauthn_verification_failed' })
})

it('a signature altered on the way is refused with passkey_failed, and nobody is signed in', async () => {
  const env = setup()
  const first = env.client()
  await first.signUp({ email: `sb-forged-${crypto.randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery' })
  await addPasskey(first)
  await first.signOut()
  let forge = true
  const forging: typeof fetch = async (input, init) => {
    if (forge && String(input).endsWith('/passkeys/authentication/verify') && typeof init?.body === 'string') {
      forge = false
      const body = JSON.parse(init.body) as { credential: { response: { signature: string } } }
      const signature = body.credential.response.signature
      body.credential.response.signature = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.slice(-1)}`
      return env.fetch(input, { ...init, body: JSON.stringify(body) })
    }
    return env.fetch(input, init)
  }
  const next = createAuthClient({ backend: env.backend, fetch: forging, storage: memoryStorage(), sync: false, locks: null })
  await expect(signInWithPasskey(next)).rejects.toMatchObject({ code: 'passkey_failed' })
  expect(next.getSnapshot().status).not.toBe('signedIn')
  await signInWithPasskey(next)
  expect(next.getSnapshot().status).toBe('signedIn')
})

it("recovers with a passkey instead of a new password: the recovery link's session gets the passkey and becomes the user's; the password is unchanged", async () => {
  const env = setup()
  const client = env.client()
  const email = `sb-recover-${crypto.randomUUID().slice(0, 8)}@example.com`
  await client.signUp({ email, password: 'correct horse battery' })
  await client.signOut()
  await requestPasswordReset(client, { email, redirectTo: PAGE })
  expect(await handleAuthRedirect(client, env.standIn.link(env.standIn.lastMessage(email, 'recovery')))).toMatchObject({ kind: 'new-password' })
  expect(client.links.resetSession()).not.toBeNull()
  expect(client.getSnapshot().status).not.toBe('signedIn')
  await completeResetWithPasskey(client, { nickname: 'Laptop' })
  expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
  expect(client.links.resetSession()).toBeNull()
  await client.signOut()
  await signInWithPasskey(client, {})
  expect(client.getSnapshot().user?.email).toBe(email)
  await client.signOut()
  await expect(client.signInWithPassword({ email, password: 'correct horse battery' })).resolves.toMatchObject({ kind: 'session' })
})
