import fc from 'fast-check'
import { expect } from 'vitest'
import { type AuthBackend, type AuthClient, type BackendContext, createAuthClient, isAuthError, memoryStorage } from '../../src/index.ts'

// Generated replies for the adapters' property tests (test/backends/*.property.test.ts): each call of
// an operation fed one must resolve or reject with an AuthError — never a TypeError — and never hand
// back a session without a token.

const INFINITY = '"__infinity__"'
const weird = fc.oneof(
  fc.constantFrom<unknown>('', ' ', 0, -1, -1e9, 1e300, null, true, [], {}, '__infinity__', 'not-a-date'),
  fc.anything({ maxDepth: 2 }),
)

/** A template with some of its fields (at any depth) removed or replaced. */
const bentFrom = (templates: readonly unknown[]) =>
  fc
  .tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.boolean(), weird), { minLength: 0, maxLength: 3 }))
  .map(([which, edits]) => {
    const reply = structuredClone(templates[which % templates.length]) as unknown
    for (const [at, remove, value] of edits) {
      const slots: Array<[Record<string, unknown>, string]> = []
      const walk = (node: unknown) => {
        if (!node || typeof node !== 'object') return
        for (const key of Object.keys(node)) {
          slots.push([node as Record<string, unknown>, key])
          walk((node as Record<string, unknown>)[key])
        }
      }
      walk(reply)
      const slot = slots[at % Math.max(slots.length, 1)]
      if (!slot) continue
      if (remove) delete slot[0][slot[1]]
      else slot[0][slot[1]] = value
    }
    return JSON.stringify(reply).replaceAll(INFINITY, '1e400')
  })

export type Reply =
  | { kind: 'response'; status: number; body: string | Uint8Array; json: boolean; token: string | null }
  | { kind: 'reject'; error: unknown }
  | { kind: 'not-a-response'; value: unknown }

/**
 * Replies to one request, bending `templates` (filled before the first run): any status, random bytes,
 * random JSON, real replies bent out of shape, a fetch that rejects with anything or resolves to
 * something that is not a Response; sometimes with a `set-auth-token` header (better-auth's bearer).
 */
export function generatedReplies(templates: readonly unknown[]): fc.Arbitrary<Reply> {
  const bent = bentFrom(templates)
  const token = fc.option(fc.oneof(fc.constant('session-token.signature'), fc.string({ maxLength: 40 })), { nil: null })
  return fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('response' as const), status: fc.constantFrom(200, 200, 200, 201, 204), body: bent, json: fc.boolean(), token }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('response' as const),
      status: fc.integer({ min: 200, max: 599 }),
      body: fc.oneof(fc.json(), fc.string(), fc.uint8Array({ maxLength: 64 }), bent),
      json: fc.boolean(),
      token,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), error: fc.anything() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('not-a-response' as const), value: fc.anything() }) },
  )
}

export function answering(reply: Reply): typeof fetch {
  return async () => {
    if (reply.kind === 'reject') throw reply.error
    if (reply.kind === 'not-a-response') return reply.value as Response
    // statuses without a body (204) cannot carry one
    const body = reply.status === 204 ? null : typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body)
    const headers = new Headers(reply.json ? { 'content-type': 'application/json' } : {})
    if (reply.token !== null) {
      try {
        headers.set('set-auth-token', reply.token)
      } catch {
        // not a valid header value: sent without it
      }
    }
    return new Response(body, { status: reply.status, headers })
  }
}


/** A session-shaped value anywhere in a result has a token and a finite expiry. */
export function sessionsAreWhole(value: unknown): boolean {
  if (!value || typeof value !== 'object') return true
  const record = value as Record<string, unknown>
  if ('accessTokenExpiresAt' in record || 'refreshToken' in record) {
    const expiry = record.accessTokenExpiresAt
    if (typeof record.accessToken !== 'string' || record.accessToken === '') return false
    if (expiry !== null && !Number.isFinite(expiry)) return false
  }
  return Object.values(record).every(sessionsAreWhole)
}


/**
 * One operation of an adapter, run `runs` times against generated replies: it resolves (with no
 * broken session in its result) or rejects with an AuthError — never anything else.
 */
export async function expectOnlyAuthErrors(name: string, run: (ctx: BackendContext) => Promise<unknown>, replies: fc.Arbitrary<Reply>, runs: number) {
  await fc.assert(
    fc.asyncProperty(replies, async (reply) => {
      const ctx: BackendContext = { fetch: answering(reply), timeout: 5_000, now: () => Date.now() }
      try {
        expect(sessionsAreWhole(await run(ctx))).toBe(true)
      } catch (error) {
        if (!isAuthError(error)) throw new Error(`${name} threw ${String(error)} (not an AuthError)`)
      }
    }),
    { numRuns: runs },
  )
}

/**
 * A client on `backend` signs in on one generated reply, and the next page load refreshes on another:
 * it commits only sessions with a token, keeps or ends them whole, ends one only on the server's word
 * that it is over (`invalid-refresh-token`), and rejects only with AuthErrors.
 */
export async function expectWholeSessionsThroughRefresh(backend: AuthBackend, credentials: { email: string; password: string }, replies: fc.Arbitrary<Reply>) {
  await fc.assert(
    fc.asyncProperty(replies, replies, async (signInReply, refreshReply) => {
      const storage = memoryStorage()
      const expectWhole = (client: AuthClient) => {
        const { status, session: held } = client.getSnapshot()
        if (status === 'signedIn') expect(held!.accessToken).toMatch(/./)
        const stored = storage.get() as string | null
        if (stored) expect(sessionsAreWhole(JSON.parse(stored))).toBe(true)
      }
      const onlyAuthErrors = (error: unknown) => {
        if (!isAuthError(error)) throw error
      }
      const first = createAuthClient({ backend, storage, fetch: answering(signInReply), sync: false, locks: null })
      await first.signInWithPassword(credentials).catch(onlyAuthErrors)
      expectWhole(first)
      if (first.getSnapshot().status !== 'signedIn') return
      // the next page load shows the stored session; its refresh meets the generated reply
      const next = createAuthClient({ backend, storage, fetch: answering(refreshReply), sync: false, locks: null })
      const stop = next.start()
      try {
        await next.ready()
        expect(next.getSnapshot().session?.refreshToken).toBeTruthy()
        await next.refresh().catch(onlyAuthErrors)
        expectWhole(next)
        if (next.getSnapshot().status === 'signedOut') expect(next.getSnapshot().error?.code).toBe('invalid-refresh-token')
        else expect(next.getSnapshot().session?.refreshToken).toBeTruthy()
      } finally {
        stop()
      }
    }),
    { numRuns: 200 },
  )
}

/**
 * Every operation of `backend` (top-level methods and group methods) is among `named`, but those in
 * `exempt` (operations that read no reply of the server: a URL, a Response of the app's API).
 */
export function expectEveryOperationNamed(backend: object, named: readonly string[], exempt: readonly string[]) {
  const names = new Set(named)
  for (const [group, value] of Object.entries(backend)) {
    if (typeof value === 'function') {
      if (!exempt.includes(group)) expect(names, group).toContain(group)
      continue
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue
    for (const [operation, fn] of Object.entries(value)) {
      const name = `${group}.${operation}`
      if (typeof fn === 'function' && !exempt.includes(name)) expect(names, name).toContain(name)
    }
  }
}
