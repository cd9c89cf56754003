import { describe, expect, it } from 'vitest'
import { credebl } from '../../src/backends/credebl/index.ts'
import { replyke } from '../../src/backends/replyke/index.ts'
import { supabase } from '../../src/backends/supabase/index.ts'
import { type AuthBackend, createAuthClient, memoryStorage } from '../../src/index.ts'
import { memoryLocks } from '../../src/testing/index.ts'
import { expectWholeWrites, REQUEST_TIMEOUT } from '../support/faults.ts'
import { credeblStandIn } from '../standins/credebl.ts'
import { replykeStandIn } from '../standins/replyke.ts'
import { supabaseStandIn } from '../standins/supabase.ts'

// The fault matrix and the input checks for the adapters tested against stand-ins (CREDEBL, Replyke, Supabase):
// each fault a refresh reply can have, met by one of two tabs sharing storage, locks and a channel —
// the session kept or ended whole in both — and bad input refused before any request.

type Fault = { kind: 'network' } | { kind: 'delay' } | { kind: 'reply'; status: number; body: string; type?: string }

const html = '<html><body>Bad gateway</body></html>'
const FAULTS: Array<[string, 'kept' | 'ended', Fault]> = [
  ['a dropped connection', 'kept', { kind: 'network' }],
  ['a 500', 'kept', { kind: 'reply', status: 500, body: '{"statusCode":500,"message":"Something went wrong!","error":"Internal Server error"}' }],
  ['a 502 with an HTML body', 'kept', { kind: 'reply', status: 502, body: html, type: 'text/html' }],
  ['a 429 in plain text', 'kept', { kind: 'reply', status: 429, body: 'Too many requests, please wait 5 minutes', type: 'text/html' }],
  ['a garbled 200', 'kept', { kind: 'reply', status: 200, body: '{"accessToken": "ab' }],
  ['a 200 of the wrong shape', 'kept', { kind: 'reply', status: 200, body: '{"ok":true}' }],
  ['a reply slower than the request timeout', 'kept', { kind: 'delay' }],
]

interface System {
  name: string
  refreshPath: string
  /** The system's own verdicts that a refresh token is over. */
  over: Array<[string, number, string]>
  setUp: () => Promise<{ backend: AuthBackend; fetch: typeof fetch; email: string; signIn: (client: ReturnType<typeof createAuthClient>) => Promise<unknown> }>
}

const SYSTEMS: System[] = [
  {
    name: 'CREDEBL',
    refreshPath: '/refresh-token',
    over: [
      ['an expired refresh token', 401, '{"statusCode":401,"message":"Refresh token has expired","error":"Unauthorized"}'],
      ['a signed-out session', 404, '{"statusCode":404,"message":"User session not found","error":"Not Found"}'],
      ["Keycloak's invalid_grant", 400, '{"statusCode":400,"message":"Request failed with status code 400","error":{"error":"invalid_grant"}}'],
    ],
    async setUp() {
      const server = await credeblStandIn()
      const backend = credebl({ url: 'https://credebl.test', passwordKey: server.passwordKey })
      const email = `faults-${crypto.randomUUID().slice(0, 8)}@example.com`
      const setup = createAuthClient({ backend, storage: memoryStorage(), sync: false, locks: null, fetch: server.fetch })
      await setup.signUp({ email, password: 'Fault-1', fields: { firstName: 'Ada', lastName: 'Lovelace' } })
      const { query } = server.lastMessage(email, 'verification')
      await backend.email.verify({ token: query.verificationCode!, email }, setup.context())
      await setup.signUp({ email, password: 'Fault-1', fields: { firstName: 'Ada', lastName: 'Lovelace' } })
      return { backend, fetch: server.fetch, email, signIn: (client) => client.signInWithPassword({ email, password: 'Fault-1' }) }
    },
  },
  {
    name: 'Replyke',
    refreshPath: '/request-new-access-token',
    over: [
      ['an invalid or expired refresh token', 403, '{"error":"Invalid or expired refresh token.","code":"auth/refresh-token-invalid"}'],
      ['a signed-out session', 403, '{"error":"Refresh token not recognized.","code":"auth/refresh-token-mismatch"}'],
      ["another project's token", 403, '{"error":"Invalid refresh token.","code":"auth/invalid-refresh-token"}'],
    ],
    async setUp() {
      const server = replykeStandIn({ rateLimits: false })
      const backend = replyke({ projectId: server.projectId, version: 'v7', url: 'https://api.replyke.test' })
      const email = `faults-${crypto.randomUUID().slice(0, 8)}@example.com`
      await createAuthClient({ backend, storage: memoryStorage(), sync: false, locks: null, fetch: server.fetch }).signUp({ email, password: 'pw' })
      return { backend, fetch: server.fetch, email, signIn: (client) => client.signInWithPassword({ email, password: 'pw' }) }
    },
  },
]

SYSTEMS.push({
  name: 'Supabase',
  refreshPath: '/token?grant_type=refresh_token',
  over: [
    // internal/tokens/service.go: a token the server does not know (signed out), and one reused past the interval
    ['a signed-out session', 400, '{"code":"refresh_token_not_found","message":"Invalid Refresh Token: Refresh Token Not Found"}'],
    ['a token reused past the reuse interval', 400, '{"code":"refresh_token_already_used","message":"Invalid Refresh Token: Already Used"}'],
  ],
  async setUp() {
    const server = supabaseStandIn({ autoconfirm: true })
    const backend = supabase({ url: 'https://project.supabase.test', anonKey: server.anonKey })
    const email = `faults-${crypto.randomUUID().slice(0, 8)}@example.com`
    await createAuthClient({ backend, storage: memoryStorage(), sync: false, locks: null, fetch: server.fetch }).signUp({ email, password: 'Fault-1-pw' })
    return { backend, fetch: server.fetch, email, signIn: (client) => client.signInWithPassword({ email, password: 'Fault-1-pw' }) }
  },
})

for (const system of SYSTEMS) {
  describe(`${system.name}: faults on the refresh, met by one of two tabs`, () => {
    const cases: Array<[string, 'kept' | 'ended', Fault]> = [
      ...FAULTS,
      ...system.over.map(([label, status, body]): [string, 'kept' | 'ended', Fault] => [label, 'ended', { kind: 'reply', status, body }]),
    ]
    it.for(cases)('%s: the session is %s', async ([label, outcome, fault]) => {
      const { backend, fetch: serverFetch, email, signIn } = await system.setUp()
      let faulty = false
      let refreshes = 0
      // the fault meets the next refresh request, once
      const fetch: typeof globalThis.fetch = async (input, init) => {
        const refreshing = String(input instanceof Request ? input.url : input).endsWith(system.refreshPath)
        if (refreshing) refreshes += 1
        if (!faulty || !refreshing) return serverFetch(input, init)
        faulty = false
        if (fault.kind === 'network') throw new TypeError('Failed to fetch')
        if (fault.kind === 'delay') {
          // like a real fetch, the wait ends when the request's signal aborts (the client's timeout)
          await new Promise((resolve, reject) => {
            setTimeout(resolve, 2 * REQUEST_TIMEOUT)
            init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true })
          })
          return serverFetch(input, init)
        }
        return new Response(fault.body, { status: fault.status, headers: { 'content-type': fault.type ?? 'application/json', ...(fault.status === 429 ? { 'retry-after': '300' } : {}) } })
      }
      const storage = memoryStorage()
      const writes: Array<string | null> = []
      const watched = { get: () => storage.get(), set: (v: string) => (writes.push(v), storage.set(v)), remove: () => (writes.push(null), storage.remove()) }
      await signIn(createAuthClient({ backend, storage: watched, sync: false, locks: null, fetch }))
      const locks = memoryLocks()
      const name = `stand-in-faults-${crypto.randomUUID()}`
      // the tabs' clock, moved to the session's last call below
      let skew = 0
      const now = () => Date.now() + skew
      const tabs = [0, 1].map(() => createAuthClient({ backend, storage: watched, locks, sync: true, name, fetch, now, ...(fault.kind === 'delay' ? { timeout: REQUEST_TIMEOUT } : {}) }))
      const stops = tabs.map((tab) => tab.start())
      try {
        await Promise.all(tabs.map((tab) => tab.ready()))
        const [a, b] = tabs as [ReturnType<typeof createAuthClient>, ReturnType<typeof createAuthClient>]
        const before = a.getSnapshot().session!
        faulty = true
        const reuse = backend.traits.refreshTokenReuseInterval ?? 0
        const settled = await a.refresh().then(
          () => 'resolved' as const,
          (error: unknown) => (expect(error, label).toMatchObject({ name: 'AuthError' }), 'rejected' as const),
        )
        if (settled === 'resolved') {
          // sent again at once, inside the server's reuse interval (Supabase's 10 s), which answers it:
          // only where the server has one, only for a reply that never came or made no sense
          expect(reuse, label).toBeGreaterThan(0)
          expect(outcome).toBe('kept')
          expect(fault.kind === 'network' || fault.kind === 'delay' || (fault.kind === 'reply' && (fault.status >= 500 || fault.status === 200)), label).toBe(true)
          expect(a.getSnapshot().session?.refreshToken).not.toBe(before.refreshToken)
          await expect.poll(() => b.getSnapshot().session?.accessToken).toBe(a.getSnapshot().session?.accessToken)
        } else if (outcome === 'ended') {
          await expect.poll(() => b.getSnapshot().status).toBe('signedOut')
          expect(a.getSnapshot()).toMatchObject({ status: 'signedOut', error: { code: 'invalid-refresh-token' } })
          expect(storage.get()).toBeNull()
        } else {
          // kept, whole, in both tabs; and the next refresh succeeds
          expect(a.getSnapshot().session?.refreshToken).toBe(before.refreshToken)
          expect(b.getSnapshot().status).toBe('signedIn')
          const rotates = Number.isFinite(reuse)
          if (rotates && reuse === 0 && !(fault.kind === 'reply' && fault.status === 429)) {
            // a server that may have rotated the token and refuses it again at once: it is not sent
            // again until the access token is about to expire (4 s before here)
            const sent = refreshes
            await expect(a.refresh()).rejects.toMatchObject({ name: 'AuthError' })
            expect(refreshes).toBe(sent)
            expect(a.getSnapshot().session?.refreshToken).toBe(before.refreshToken)
            skew = before.accessTokenExpiresAt! - Date.now() - 4_000
          }
          await a.refresh()
          await expect.poll(() => b.getSnapshot().session?.accessToken).toBe(a.getSnapshot().session?.accessToken)
        }
        expectWholeWrites(writes, email)
      } finally {
        for (const stop of stops) stop()
      }
    })
  })

  describe(`${system.name}: bad input`, () => {
    it('is refused before any request: a malformed e-mail, wrong types, a missing password', async () => {
      const { backend, fetch: serverFetch } = await system.setUp()
      let sent = 0
      const client = createAuthClient({ backend, storage: memoryStorage(), sync: false, locks: null, fetch: (input, init) => (sent++, serverFetch(input, init)) })
      const bad: unknown[] = [{ email: 'not-an-email', password: 'pw' }, { email: 42, password: 'pw' }, { email: 'ada@example.com' }, { email: 'ada@example.com', password: ['pw'] }, null]
      for (const input of bad) await expect(client.signInWithPassword(input as never)).rejects.toMatchObject({ code: 'invalid_input' })
      await expect(client.signUp({ email: 'ada@example.com', password: 'pw', fields: { nickname: 'x' } } as never)).rejects.toMatchObject({ code: 'invalid_input' })
      expect(sent).toBe(0)
    })
  })
}
