import { retryAfterMs } from '../../core/retry-after.js'
import type { BackendContext } from '../../core/backend.js'
import { AuthError, AuthErrorCode, toAuthError } from '../../core/errors.js'

// How an adapter talks to its server: one JSON (or form) request checked at the boundary
// (`httpRequest`), and the builder every adapter sends with (`createRequester`).

/** What was wrong with a reply, by place and kind only: never the value found there (it may be a token). */
export interface ResponseIssue {
  /** Dotted path to the field, e.g. `session.accessToken`; `''` for the whole body. */
  path: string
  /** What was expected there, e.g. `string`. */
  expected: string
}

/**
 * Checks a reply body: returns the typed value, or the issues found. Backends build these from their
 * schemas (keyward's adapters use Valibot, through `checked`); core depends on no validation library.
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

// `Retry-After` is read on a 429 or 503

async function withRetryAfter(error: AuthError, response: Response, now: number): Promise<AuthError> {
  const header = response.status === 429 || response.status === 503 ? response.headers.get('retry-after') : null
  if (!header) return error
  const retryAfter = retryAfterMs(header, now)
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

/** What every request of one adapter shares. */
export interface RequesterOptions {
  /**
   * The server's base URL, joined with each request's path. A relative one (`/auth/v1`) is resolved
   * against the page on the first request; a function is called then too.
   */
  base: string | (() => string)
  /** Turns a refusal (a non-2xx reply) into the adapter's AuthError; `text` is the body as sent. */
  toError(status: number, body: unknown, text: string): AuthError
  /** Headers every request carries (an API key). */
  headers?: Record<string, string> | undefined
  /** `include` where the server's cookie is the session (or carries a pending step), `omit` where no cookie may travel. */
  credentials?: RequestCredentials | undefined
}

/** One request. `T`: the checked reply. */
export interface RequestOptions<T> {
  /** Default: `POST` with a body, else `GET`. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | undefined
  /** Sent as JSON, or with `form` as `application/x-www-form-urlencoded`. */
  body?: unknown
  form?: boolean | undefined
  query?: Record<string, string | undefined> | undefined
  /** Sent as `Authorization: Bearer`. */
  accessToken?: string | null | undefined
  headers?: Record<string, string> | undefined
  credentials?: RequestCredentials | undefined
  /** Checks the 2xx reply (`checked(schema)`, or a `ResponseSchema` of your own). Without it the body is ignored. */
  reply?: ResponseSchema<T> | undefined
  /** This request's own reading of a refusal (a 401 that means a wrong password here). */
  toError?: ((status: number, body: unknown, text: string) => AuthError) | undefined
  /** Sees a 2xx reply's headers (better-auth's `set-auth-token`). */
  onResponse?: ((headers: Headers) => void) | undefined
}

/**
 * Sends `path` (joined with the base; an absolute URL as it is) and resolves with the checked reply.
 * Rejects only with an AuthError: `network_error`, `timeout` or `aborted` when no reply came, the
 * adapter's error for a refusal (with `retryAfter` from a 429's or 503's `Retry-After`), and
 * `invalid_response` for a reply that is not what `reply` expects — never with a half-read value.
 */
export type Requester = <T = undefined>(ctx: BackendContext, path: string, options?: RequestOptions<NoInfer<T>> & { reply?: ResponseSchema<T> | undefined }) => Promise<T>

/**
 * The one request builder every adapter sends with: base URL, credentials, headers, timeouts (the
 * client's `timeout` and abort signal), the adapter's error table, and reply checking.
 *
 * @example
 * const api = createRequester({ base: 'https://auth.example.com', toError: (status, body) => myError(status, body) })
 * const me = await api(ctx, '/me', { accessToken: session.accessToken, reply: checked(userSchema) })
 */
export function createRequester(options: RequesterOptions): Requester {
  let base: string | undefined
  function resolveBase(): string {
    const given = typeof options.base === 'function' ? options.base() : options.base
    try {
      return new URL(given, typeof location === 'undefined' ? undefined : location.href).toString().replace(/\/$/, '')
    } catch {
      throw new AuthError(AuthErrorCode.InvalidInput, `The auth server's URL ${given} is not a URL${typeof location === 'undefined' ? ' (a relative one needs a page to resolve against)' : ''}`)
    }
  }
  const url = (path: string) => (/^https?:\/\//.test(path) ? path : `${(base ??= resolveBase())}${path}`)
  return async <T,>(ctx: BackendContext, path: string, request: RequestOptions<T> = {}): Promise<T> => {
    const toError = request.toError ?? options.toError
    const reply = request.reply
    const credentials = request.credentials ?? options.credentials
    const headers = options.headers || request.headers ? { ...options.headers, ...request.headers } : undefined
    return httpRequest<T>(ctx, {
      url: url(path),
      ...(request.method ? { method: request.method } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.form ? { form: true } : {}),
      ...(request.query ? { query: request.query } : {}),
      ...(request.accessToken ? { accessToken: request.accessToken } : {}),
      ...(headers ? { headers } : {}),
      ...(credentials ? { credentials } : {}),
      toError,
      ...(reply ? { schema: reply } : {}),
      ...(request.onResponse ? { onResponse: request.onResponse } : {}),
    })
  }
}
