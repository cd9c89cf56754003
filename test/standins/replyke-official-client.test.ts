import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ReplykeStandIn, replykeStandIn } from './replyke.ts'
import { serveStandIn } from './serve.ts'

// Replyke's own client, @replyke/core 6.0.4 (the registry's; a devDependency, never in keyward's
// entries), driving the stand-in over HTTP: its Redux auth thunks post to the routes exactly as an app
// using Replyke's React SDK does, and read the replies as it reads Replyke's. If the official client
// cannot sign up, in, refresh, sign an external user in and out against the stand-in, the stand-in is
// wrong. Vite loads its ESM build (vite.config.ts inlines it).

type Thunk = (input: Record<string, unknown>) => unknown
const axios = ((await import('@replyke/core/dist/esm/config/axios.js' as string)) as { default: { defaults: { baseURL?: string } } }).default
const { store } = (await import('@replyke/core/dist/esm/store/index.js' as string)) as {
  store: { dispatch: (action: unknown) => { unwrap(): Promise<unknown> }; getState(): { auth: { accessToken: string | null; refreshToken: string | null; user: { id: string; email: string | null; name: string | null; username: string | null } | null } } }
}
const thunks = (await import('@replyke/core/dist/esm/store/slices/authThunks.js' as string)) as Record<
  'signUpWithEmailAndPasswordThunk' | 'signInWithEmailAndPasswordThunk' | 'signOutThunk' | 'requestNewAccessTokenThunk' | 'changePasswordThunk' | 'verifyExternalUserThunk',
  Thunk
>

let standIn: ReplykeStandIn
let served: { url: string; stop: () => Promise<void> }
beforeAll(async () => {
  standIn = replykeStandIn({ rateLimits: false })
  served = await serveStandIn(standIn)
  // the SDK's one axios instance, pointed at the stand-in instead of https://api.replyke.com/api/v6
  axios.defaults.baseURL = `${served.url}/api/v6`
})
afterAll(() => served?.stop())

const run = (thunk: Thunk, input: Record<string, unknown>) => store.dispatch(thunk({ projectId: standIn.projectId, ...input })).unwrap()
const auth = () => store.getState().auth

describe('@replyke/core 6.0.4 against the Replyke stand-in (v6)', () => {
  it('signs up (the username lowercased), out, in and refreshes as the SDK does; its unauthenticated change-password is refused as the server refuses it', async () => {
    const email = `sdk-${crypto.randomUUID().slice(0, 8)}@example.com`
    await run(thunks.signUpWithEmailAndPasswordThunk, { email, password: 'first password', name: ' Ada Lovelace ', username: 'AdaL' })
    expect(auth().user).toMatchObject({ email, name: 'Ada Lovelace', username: 'adal' })
    expect(auth().accessToken?.split('.')).toHaveLength(3)
    const firstRefresh = auth().refreshToken

    await run(thunks.signOutThunk, {})
    expect(auth().user).toBeNull()
    expect(standIn.requests.at(-1)).toMatchObject({ path: '/auth/sign-out', status: 204 })
    // the SDK sent its refresh token with the sign-out: that session is gone
    const stale = await fetch(`${served.url}/api/v6/${standIn.projectId}/auth/request-new-access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: firstRefresh }),
    })
    expect(await stale.json()).toMatchObject({ code: 'auth/refresh-token-mismatch' })

    await run(thunks.signInWithEmailAndPasswordThunk, { email, password: 'first password' })
    expect(auth().user?.email).toBe(email)
    const renewed = await run(thunks.requestNewAccessTokenThunk, {})
    expect(renewed).toBe(auth().accessToken)
    expect(String(renewed).split('.')).toHaveLength(3)
    expect(auth().user?.email).toBe(email)

    // the SDK's change-password thunk posts through its plain axios instance, without the bearer its
    // React hook (useAxiosPrivate) adds elsewhere: the server's requireUserAuth.ts answers 401 to that,
    // and so does the stand-in
    await expect(run(thunks.changePasswordThunk, { password: 'first password', newPassword: 'second password' })).rejects.toMatch(/401/)
    expect(standIn.requests.at(-1)).toMatchObject({ path: '/auth/change-password', status: 401 })
    await run(thunks.signOutThunk, {})
    await expect(run(thunks.signInWithEmailAndPasswordThunk, { email, password: 'wrong password' })).rejects.toMatch(/401/)
    await run(thunks.signInWithEmailAndPasswordThunk, { email, password: 'first password' })
    expect(auth().user?.email).toBe(email)
    await run(thunks.signOutThunk, {})
  })

  it('signs an external user in from a JWT with its userData claim, as Replyke documents it', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256')
    await standIn.setExternalKey(await exportJWK(publicKey))
    const userJwt = await new SignJWT({ userData: { email: 'grace@example.com', name: 'Grace Hopper', username: 'grace' } })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('app-user-42')
      .setIssuer(standIn.projectId)
      .setExpirationTime('5m')
      .sign(privateKey)
    await run(thunks.verifyExternalUserThunk, { userJwt })
    expect(auth().user).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', username: 'grace' })
    await run(thunks.signOutThunk, {})
  })
})
