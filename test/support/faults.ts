import { expect } from 'vitest'
import type { Fault } from '../../src/testing/index.ts'

// The /token fault matrix, shared by the jsdom run (test/core/fault-matrix.test.ts, simulated tabs)
// and the Chromium run (test/e2e/fault-matrix.e2e.test.ts, real tabs on localStorage).

// The slow-reply case: the tabs give up after REQUEST_TIMEOUT, the reply takes twice as long. A
// refresh against the reference server takes a few milliseconds, so this is far from any real
// request's time even on a busy machine; every other case keeps the default timeout.
export const REQUEST_TIMEOUT = 2_000
const SLOW_REPLY = 2 * REQUEST_TIMEOUT

const json = (status: number, error: string) => JSON.stringify({ status, error, message: 'refused' })
const html = '<html><body>Bad gateway</body></html>'

/** Each fault a /token reply can have, and whether the session must be kept or ended. */
export const TOKEN_FAULTS: Array<[string, 'kept' | 'ended', Fault]> = [
  ['a dropped connection', 'kept', { kind: 'network' }],
  ['a 500', 'kept', { kind: 'status', status: 500, body: json(500, 'internal-server-error') }],
  ['a 502 with an HTML body', 'kept', { kind: 'status', status: 502, body: html }],
  ['a 503 with an HTML body', 'kept', { kind: 'status', status: 503, body: html }],
  ['a 429', 'kept', { kind: 'status', status: 429 }],
  ['a garbled 200 before the server rotated', 'kept', { kind: 'status', status: 200, body: '{"accessToken": "ab' }],
  ['a garbled 200 after the server rotated', 'kept', { kind: 'malformed' }],
  ['a 200 of the wrong shape', 'kept', { kind: 'status', status: 200, body: '{"ok":true}' }],
  ['a reply slower than the request timeout', 'kept', { kind: 'delay', ms: SLOW_REPLY }],
  ['invalid-refresh-token', 'ended', { kind: 'status', status: 401, body: json(401, 'invalid-refresh-token') }],
]

/** The request timeout a case needs: short only for the slow reply. */
export const timeoutFor = (fault: Fault) => (fault.kind === 'delay' ? REQUEST_TIMEOUT : undefined)

/** Every value written to storage was a whole session of `email` with a token and a finite expiry, or a removal. */
export function expectWholeWrites(writes: ReadonlyArray<string | null>, email: string) {
  for (const write of writes) {
    if (write === null) continue
    const session = JSON.parse(write) as Record<string, unknown>
    expect(typeof session.accessToken).toBe('string')
    expect(typeof session.refreshToken).toBe('string')
    expect(Number.isFinite(session.accessTokenExpiresAt)).toBe(true)
    expect(session.user).toMatchObject({ email })
  }
}
