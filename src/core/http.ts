import { AuthError, AuthErrorCode, toAuthError } from './errors.js'
import type { BackendContext } from './backend.js'

/** What was wrong with a reply, by place and kind only: never the value found there (it may be a token). */
export interface ResponseIssue {
  /** Dotted path to the field, e.g. `session.accessToken`; `''` for the whole body. */
  path: string
  /** What was expected there, e.g. `string`. */
  expected: string
}

/**
 * Checks a reply body: returns the typed value, or the issues found. Backends build these from their
 * schemas (keyward's adapters use zod/mini); core depends on no validation library.
 */
export type ResponseSchema<T> = (value: unknown) => { ok: true; value: T } | { ok: false; issues: readonly ResponseIssue[] }

/** Keeps paths and kinds only, whatever a schema handed back, so no reply value reaches an error. */
const issuesWithoutValues = (issues: readonly ResponseIssue[]): ResponseIssue[] =>
  (Array.isArray(issues) ? issues : []).slice(0, 20).map((issue) => ({
    path: String(issue?.path ?? '').slice(0, 200),
    expected: String(issue?.expected ?? '').slice(0, 200),
  }))

export interface HttpRequest<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  body?: unknown
  /** Sends `body` (string values) as `application/x-www-form-urlencoded` instead of JSON (OAuth's token endpoint). */
  form?: boolean | undefined
  query?: Record<string, string | undefined>
  accessToken?: string | null | undefined
  headers?: Record<string, string>
  credentials?: RequestCredentials
  /** Validates the 2xx body; without one the body is ignored. */
  schema?: ResponseSchema<T>
  /** Turns a non-2xx reply into the backend's AuthError (`text`: the body as sent, for servers that answer plain text). */
  toError: (status: number, body: unknown, text: string) => AuthError
  /** Sees the headers of a 2xx reply (better-auth sends the session token in `set-auth-token`). */
  onResponse?: (headers: Headers) => void
}

// `Retry-After` is read only on a 429 or 503: its parser (retry-after.ts) loads then, a chunk that
// imports nothing

async function withRetryAfter(error: AuthError, response: Response, now: number): Promise<AuthError> {
  const header = response.status === 429 || response.status === 503 ? response.headers.get('retry-after') : null
  if (!header) return error
  const retryAfter = (await import('./retry-after.js')).retryAfterMs(header, now)
  if (retryAfter === undefined) return error
  return new AuthError(error.code, error.message, { status: error.status, serverCode: error.serverCode, cause: error.cause, retryAfter })
}

function timeoutSignal(ctx: BackendContext): AbortSignal {
  const timeout = AbortSignal.timeout(ctx.timeout)
  if (!ctx.signal) return timeout
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal
}

/**
 * Sends one JSON request and returns the validated body. Every failure becomes an AuthError: the
 * network (`network_error`, `timeout`), the server's verdict (via `toError`), or a body that does not
 * match the schema (`invalid_response`) — never a half-parsed value.
 */
export async function httpRequest<T = undefined>(ctx: BackendContext, req: HttpRequest<T>): Promise<T> {
  const url = new URL(req.url)
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value)
  }
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers }
  if (req.body !== undefined) headers['content-type'] = req.form ? 'application/x-www-form-urlencoded' : 'application/json'
  if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`

  let response: Response
  let text: string
  try {
    response = await ctx.fetch(url.toString(), {
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      headers,
      body: req.body === undefined ? null : req.form ? new URLSearchParams(req.body as Record<string, string>).toString() : JSON.stringify(req.body),
      signal: timeoutSignal(ctx),
      ...(req.credentials ? { credentials: req.credentials } : {}),
    })
    text = await response.text()
  } catch (error) {
    throw toAuthError(error)
  }

  let body: unknown = undefined
  let parsed = text.length === 0
  if (!parsed) {
    try {
      body = JSON.parse(text)
      parsed = true
    } catch {
      body = undefined
    }
  }

  if (!response.ok) throw await withRetryAfter(req.toError(response.status, body, text), response, ctx.now())
  req.onResponse?.(response.headers)
  if (!req.schema) return undefined as T
  if (!parsed) {
    throw new AuthError(AuthErrorCode.InvalidResponse, 'The server sent a reply that is not JSON', { status: response.status })
  }
  const result = req.schema(body)
  if (!result.ok) {
    throw new AuthError(AuthErrorCode.InvalidResponse, 'The server sent a reply keyward does not understand', {
      status: response.status,
      cause: { issues: issuesWithoutValues(result.issues) },
    })
  }
  return result.value
}
