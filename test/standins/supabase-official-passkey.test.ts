// @vitest-environment jsdom
import { GoTrueClient } from '@supabase/auth-js'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { installSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.ts'
import { supabaseContract } from '../contract/supabase/checker.ts'
import { supabaseStandIn } from './supabase.ts'

// Supabase's own client drives the stand-in's passkeys (GoTrue's internal/api/passkey_*.go) through
// its experimental passkey API, with a software authenticator signing real WebAuthn ceremonies for the
// page: if the official client cannot register a passkey and sign in with it, the stand-in is wrong.

let authenticator: SoftwareAuthenticator
let contract = supabaseContract()
beforeEach(() => {
  authenticator = installSoftwareAuthenticator({ origin: 'http://localhost:3000' })
})
afterEach(() => {
  authenticator.uninstall()
  // auth-js 2.109's list of error codes predates GoTrue's webauthn_* codes: none is expected here
  expect(contract.violations).toEqual([])
  contract = supabaseContract()
})

it('registers a passkey with @supabase/auth-js 2.109.0, signs in with it, lists and removes it', async () => {
  const standIn = supabaseStandIn({ autoconfirm: true })
  const store = new Map<string, string>()
  // the page's origin on every request, as the browser sends it
  const fetch = contract.wrap((input, init) => {
    const request = new Request(input, init)
    request.headers.set('origin', 'http://localhost:3000')
    return standIn.fetch(request)
  })
  const auth = new GoTrueClient({
    url: 'http://localhost:54321/auth/v1',
    headers: { apikey: standIn.anonKey },
    fetch,
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) },
    autoRefreshToken: false,
    detectSessionInUrl: false,
    experimental: { passkey: true },
  })
  const email = `sdk-passkey-${crypto.randomUUID().slice(0, 8)}@example.com`
  await auth.signUp({ email, password: 'correct horse' })
  const registered = await auth.registerPasskey()
  expect(registered.error).toBeNull()
  await auth.signOut({ scope: 'local' })
  const signedIn = await auth.signInWithPasskey()
  expect(signedIn.error).toBeNull()
  expect(signedIn.data?.session?.user.email).toBe(email)
  const listed = await auth.passkey.list()
  expect(listed.data).toHaveLength(1)
  expect((await auth.passkey.delete({ passkeyId: listed.data![0]!.id })).error).toBeNull()
  expect((await auth.passkey.list()).data).toEqual([])
})
