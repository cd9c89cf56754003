import type { BackendContext, DeviceSession, EmailOperations, PasswordOperations, RedirectOperations, SessionOperations } from '../../core/backend.js'
import type { AuthError } from '../../core/errors.js'
import type { ResponseSchema } from '../../core/http.js'

// better-auth's account flows, loaded with their first call. Nothing here is imported by the entry
// (what it needs comes in `deps`), so a bundler keeps the up-front code in one file.

export interface FlowDeps {
  call<T>(
    ctx: BackendContext,
    path: string,
    init: { body?: unknown; accessToken?: string | null | undefined; method?: 'GET' | 'POST' },
    schema?: ResponseSchema<T>,
  ): Promise<T>
  /** An AuthError of keyward's own (`unsupported`, `invalid-ticket`, …). */
  fail(code: 'unsupported' | 'invalid-ticket' | 'invalid-request', message: string): AuthError
}

export interface BetterAuthFlowGroups {
  password: PasswordOperations
  email: EmailOperations
  sessions: SessionOperations
  redirect: RedirectOperations
}

interface ListedSession {
  id: string
  token: string
  createdAt: string | null
  expiresAt: string | null
  userAgent: string | null
}

// `GET /list-sessions`: the fields keyward reads, checked with plain code (no second schema chunk)
const listedSessions: ResponseSchema<ListedSession[]> = (value) =>
  Array.isArray(value) && value.every((s) => s && typeof s === 'object' && typeof s.id === 'string' && typeof s.token === 'string')
    ? { ok: true, value: value as ListedSession[] }
    : { ok: false, issues: [{ path: '', expected: 'an array of sessions with id and token' }] }

export function betterAuthFlows(deps: FlowDeps): BetterAuthFlowGroups {
  const { call, fail } = deps
  // better-auth revokes a session by its token, which the list hands out: kept here, by id, so that
  // no other session's token reaches the app's state
  const tokens = new Map<string, string>()
  // the bearer token is `<session token>.<signature>`
  const sessionToken = (bearer: string | null) => (bearer ?? '').split('.')[0]

  return {
    password: {
      requestReset: ({ email, redirectTo }, ctx) => call(ctx, '/request-password-reset', { body: { email, ...(redirectTo ? { redirectTo } : {}) } }),
      async reset({ newPassword, ticket }, ctx) {
        // changing the password while signed in needs the current one in better-auth (contract v2)
        if (!ticket) throw fail('unsupported', 'better-auth changes a password only with the current one')
        await call(ctx, '/reset-password', { body: { newPassword, token: ticket } })
      },
    },
    email: {
      sendVerification: ({ email, redirectTo }, ctx) =>
        call(ctx, '/send-verification-email', { body: { email, ...(redirectTo ? { callbackURL: redirectTo } : {}) } }),
      change: async () => {
        throw fail('unsupported', 'Changing the e-mail address is off on this better-auth server')
      },
    },
    sessions: {
      async list(session, ctx): Promise<DeviceSession[]> {
        const listed = await call(ctx, '/list-sessions', { method: 'GET', accessToken: session.accessToken }, listedSessions)
        tokens.clear()
        for (const s of listed) tokens.set(s.id, s.token)
        return listed.map((s) => ({
          id: s.id,
          current: s.token === sessionToken(session.accessToken),
          createdAt: s.createdAt ?? null,
          expiresAt: s.expiresAt ?? null,
          description: s.userAgent ?? null,
        }))
      },
      async revoke(session, id, ctx) {
        const token = tokens.get(id)
        if (!token) throw fail('invalid-request', 'No such session: list the sessions first')
        await call(ctx, '/revoke-session', { body: { token }, accessToken: session.accessToken })
        tokens.delete(id)
      },
    },
    redirect: {
      // a reset link lands with `?token=` (or `?error=INVALID_TOKEN`); a verification link has already
      // been handled by the server before it redirects
      async parse(url) {
        const token = url.searchParams.get('token')
        const error = url.searchParams.get('error')
        if (error) return { kind: 'error', error: fail('invalid-ticket', 'The link is invalid or has expired'), type: null, params: ['error'] }
        if (token) return { kind: 'ticket', ticket: token, type: 'passwordReset', params: ['token'] }
        return null
      },
      exchange: async () => {
        throw fail('unsupported', 'better-auth links do not carry a refresh token')
      },
    },
  }
}
