import { describe, expect, inject, it, vi } from 'vitest'
import { ERROR_CODES } from '../../src/backends/better-auth/codes.ts'
import { betterAuthError } from '../../src/backends/better-auth/errors.ts'
import { betterAuthFlows } from '../../src/backends/better-auth/flows.ts'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { type BackendContext, createAuthClient, memoryStorage } from '../../src/index.ts'
import { verifyTotp } from '../../src/core/index.ts'
import { cookieJar, PASSWORD, pageContext, pageFetch, withTwoFactor } from '../support/better-auth.ts'

// The better-auth adapter against a real better-auth 1.7 server (servers/better-auth, started once per
// run by test/servers/global-setup.ts): the memory adapter, the bearer plugin, rate limits off.

const server = inject('betterAuthUrl')
// as the test server is configured (user.deleteUser.enabled)
const backend = betterAuth({ url: `${server}/api/auth`, deleteAccount: true })
const ctx = pageContext
const newEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`

async function signedUp(name: string) {
  const email = newEmail(name)
  const result = await backend.signUp.withPassword({ email, password: PASSWORD, displayName: 'Ada' }, ctx)
  if (result.kind !== 'session') throw new Error(`expected a session, got ${result.kind}`)
  return { email, session: result.session }
}

describe('better-auth backend against a real better-auth server', () => {
  it('lists exactly the operations its flows module implements (capabilities come from this list)', () => {
    const implemented = betterAuthFlows({} as never) as unknown as Record<string, Record<string, unknown>>
    const functions = (group: object) => Object.keys(group).filter((key) => typeof (group as Record<string, unknown>)[key] === 'function').sort()
    for (const [group, operations] of Object.entries(implemented)) {
      // mfa's sign-in challenge lives in the entry (no chunk to load before the code is checked)
      const listed = functions((backend as unknown as Record<string, object>)[group]!).filter((name) => !/^verify(Totp|BackupCode)$/.test(name))
      expect(listed, group).toEqual(functions(operations))
    }
  })

  it('signs up into a session: the bearer token from set-auth-token, the user from the reply', async () => {
    const { email, session } = await signedUp('sign-up')
    expect(session.accessToken).toMatch(/\S{20,}/)
    expect(session.refreshToken).toBeNull()
    expect(session.user).toMatchObject({ email, displayName: 'Ada', emailVerified: false, activeMfaType: null })
    // the token is a session the server knows
    expect(await backend.session.getUser(session, ctx)).toMatchObject({ id: session.user!.id, email })
  })

  it('signs in with a password, and refuses a wrong one, a taken address and a short password with codes', async () => {
    const { email } = await signedUp('sign-in')
    const result = await backend.signIn.withPassword({ email, password: PASSWORD }, ctx)
    expect(result).toMatchObject({ kind: 'session', session: { user: { email } } })
    await expect(backend.signIn.withPassword({ email, password: 'not the password' }, ctx)).rejects.toMatchObject({
      code: 'invalid-email-password',
      status: 401,
    })
    await expect(backend.signUp.withPassword({ email, password: PASSWORD }, ctx)).rejects.toMatchObject({ code: 'email-already-in-use' })
    await expect(backend.signUp.withPassword({ email: newEmail('short'), password: 'short' }, ctx)).rejects.toMatchObject({ code: 'password-too-short' })
  })

  it('signs out: the token is no longer a session', async () => {
    const { session } = await signedUp('sign-out')
    await backend.session.signOut(session, ctx)
    await expect(backend.session.getUser(session, ctx)).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('signs out everywhere: every session of the user ends', async () => {
    const { email, session } = await signedUp('everywhere')
    const other = await backend.signIn.withPassword({ email, password: PASSWORD }, ctx)
    if (other.kind !== 'session') throw new Error('expected a session')
    await backend.session.signOutEverywhere(session, ctx)
    await expect(backend.session.getUser(other.session, ctx)).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('signs out the other devices: theirs end, this one stays a session', async () => {
    const { email, session } = await signedUp('others')
    const other = await backend.signIn.withPassword({ email, password: PASSWORD }, ctx)
    if (other.kind !== 'session') throw new Error('expected a session')
    await backend.session.signOutOthers(session, ctx)
    await expect(backend.session.getUser(other.session, ctx)).rejects.toMatchObject({ code: 'unauthorized' })
    expect(await backend.session.getUser(session, ctx)).toMatchObject({ email })
  })

  it('refuses a reply without set-auth-token (the bearer plugin off) as invalid_response, not as a session', async () => {
    const stripped: BackendContext = {
      ...ctx,
      fetch: async (input, init) => {
        const response = await pageFetch(input, init)
        const headers = new Headers(response.headers)
        headers.delete('set-auth-token')
        return new Response(await response.text(), { status: response.status, headers })
      },
    }
    await expect(backend.signUp.withPassword({ email: newEmail('no-bearer'), password: PASSWORD }, stripped)).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('maps codes it does not know to unknown-server-error, keeping the server code and no message', () => {
    const error = betterAuthError(400, { code: 'SOMETHING_NEW', message: 'secret detail' }, ERROR_CODES)
    expect(error).toMatchObject({ code: 'unknown-server-error', serverCode: 'SOMETHING_NEW', status: 400 })
    expect(JSON.stringify(error) + String(error)).not.toContain('secret detail')
  })
})

describe('a client on better-auth', () => {
  it('signs up, restores the session on the next page load at once and confirms it with one get-session, and signs out', async () => {
    const storage = memoryStorage()
    const requests: string[] = []
    const counted: typeof fetch = (input, init) => {
      requests.push(new URL(String(input instanceof Request ? input.url : input)).pathname)
      return pageFetch(input, init)
    }
    const first = createAuthClient({ backend, storage, fetch: counted })
    const stop = first.start()
    await first.ready()
    const email = newEmail('client')
    expect(await first.signUp({ email, password: PASSWORD })).toMatchObject({ kind: 'session' })
    expect(first.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    stop()

    requests.length = 0
    const second = createAuthClient({ backend, storage, fetch: counted })
    const stopSecond = second.start()
    expect(await second.ready()).toMatchObject({ status: 'signedIn', user: { email } })
    // shown from storage, then confirmed: the server could have ended it meanwhile
    await vi.waitFor(() => expect(requests).toEqual(['/api/auth/get-session']))
    // the stored token works against the server
    const me = await second.fetch(`${server}/api/auth/get-session`)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email)

    const token = second.getSnapshot().session!
    expect(await second.signOut()).toEqual({ serverError: null })
    expect(second.getSnapshot().status).toBe('signedOut')
    // ended on the server too, not only here
    await expect(backend.session.getUser(token, ctx)).rejects.toMatchObject({ code: 'unauthorized' })
    expect(storage.get()).toBeNull()
    stopSecond()
  })
})

describe('better-auth two-factor sign-in (a real server, its pending state in a cookie)', () => {
  it('answers the password with an mfa step without a ticket, finished by a TOTP code', async () => {
    const { email, totp } = await withTwoFactor('totp')
    const browser = cookieJar()
    const step = await backend.signIn.withPassword({ email, password: PASSWORD }, browser)
    expect(step).toEqual({ kind: 'mfa', methods: ['totp', 'backup-code'] })
    await expect(backend.mfa!.verifyTotp({ code: '000000' }, browser)).rejects.toMatchObject({ code: 'invalid-totp' })
    const session = await backend.mfa!.verifyTotp({ code: totp.generate() }, browser)
    expect(session).toMatchObject({ accessToken: expect.any(String), user: { email, activeMfaType: 'totp' } })
    expect(await backend.session.getUser(session, ctx)).toMatchObject({ email })
  })

  it('finishes with a backup code, once: the same code does not work twice', async () => {
    const { email, backupCodes } = await withTwoFactor('backup')
    const browser = cookieJar()
    await backend.signIn.withPassword({ email, password: PASSWORD }, browser)
    const session = await backend.mfa!.verifyBackupCode!({ code: backupCodes[0]! }, browser)
    expect(session.user).toMatchObject({ email })
    await backend.signIn.withPassword({ email, password: PASSWORD }, browser)
    await expect(backend.mfa!.verifyBackupCode!({ code: backupCodes[0]! }, browser)).rejects.toMatchObject({ code: 'invalid-totp' })
  })

  it('refuses a code without the pending sign-in (no cookie) as invalid-ticket', async () => {
    const { totp } = await withTwoFactor('no-cookie')
    await expect(backend.mfa!.verifyTotp({ code: totp.generate() }, ctx)).rejects.toMatchObject({ code: 'invalid-ticket' })
  })

  it('leaves a client signed out at the mfa step, and signs it in with the code', async () => {
    const { email, totp } = await withTwoFactor('client-mfa')
    const browser = cookieJar()
    const client = createAuthClient({ backend, storage: memoryStorage(), fetch: browser.fetch })
    const stop = client.start()
    await client.ready()
    expect(await client.signInWithPassword({ email, password: PASSWORD })).toMatchObject({ kind: 'mfa' })
    expect(client.getSnapshot().status).toBe('signedOut')
    await verifyTotp(client, { code: totp.generate() })
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { email } })
    stop()
  })
})
