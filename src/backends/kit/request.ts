import type { BackendContext } from '../../core/backend.js'
import { AuthError, AuthErrorCode } from '../../core/errors.js'
import { httpRequest, type ResponseSchema } from '../../core/http.js'
import { loadOnce } from '../../core/lazy.js'

/** What every request of one adapter shares. `S`: what `schemas` loads (the adapter's reply schemas, its error tables). */
export interface RequesterOptions<S> {
  /**
   * The server's base URL, joined with each request's path. A relative one (`/auth/v1`) is resolved
   * against the page on the first request; a function is called then too.
   */
  base: string | (() => string)
  /** Turns a refusal (a non-2xx reply) into the adapter's AuthError; `text` is the body as sent, `schemas` what `schemas` loaded. */
  toError(status: number, body: unknown, text: string, schemas: S): AuthError
  /** Headers every request carries (an API key). */
  headers?: Record<string, string> | undefined
  /** `include` where the server's cookie is the session (or carries a pending step), `omit` where no cookie may travel. */
  credentials?: RequestCredentials | undefined
  /** Loads what replies are checked with, once, before the first request (a load that fails is `network_error`, tried again next time). */
  schemas?: (() => Promise<S>) | undefined
}

/** One request. `T`: the checked reply. */
export interface RequestOptions<T, S> {
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
  /** Checks the 2xx reply. Without `reply` or `pick` the body is ignored. */
  reply?: ResponseSchema<T> | undefined
  /** Picks the reply's schema from what `schemas` loaded. */
  pick?: ((schemas: S) => ResponseSchema<T>) | undefined
  /** This request's own reading of a refusal (a 401 that means a wrong password here). */
  toError?: ((status: number, body: unknown, text: string, schemas: S) => AuthError) | undefined
  /** Sees a 2xx reply's headers (better-auth's `set-auth-token`). */
  onResponse?: ((headers: Headers) => void) | undefined
}

/**
 * Sends `path` (joined with the base; an absolute URL as it is) and resolves with the checked reply.
 * Rejects only with an AuthError: `network_error`, `timeout` or `aborted` when no reply came, the
 * adapter's error for a refusal (with `retryAfter` from a 429's or 503's `Retry-After`), and
 * `invalid_response` for a reply that is not what `reply` expects — never with a half-read value.
 */
export type Requester<S> = <T = undefined>(ctx: BackendContext, path: string, options?: RequestOptions<NoInfer<T>, S> & { pick?: ((schemas: S) => ResponseSchema<T>) | undefined; reply?: ResponseSchema<T> | undefined }) => Promise<T>

/**
 * The one request builder every adapter sends with: base URL, credentials, headers, timeouts (the
 * client's `timeout` and abort signal), the adapter's error table, and reply checking.
 *
 * @example
 * const api = createRequester({ base: 'https://auth.example.com', toError: (status, body) => myError(status, body) })
 * const me = await api(ctx, '/me', { accessToken: session.accessToken, reply: checked(userSchema) })
 */
export function createRequester<S = undefined>(options: RequesterOptions<S>): Requester<S> {
  let base: string | undefined
  const schemasOnce = options.schemas && loadOnce(options.schemas, 'the reply checks')
  function resolveBase(): string {
    const given = typeof options.base === 'function' ? options.base() : options.base
    try {
      return new URL(given, typeof location === 'undefined' ? undefined : location.href).toString().replace(/\/$/, '')
    } catch {
      throw new AuthError(AuthErrorCode.InvalidInput, `The auth server's URL ${given} is not a URL${typeof location === 'undefined' ? ' (a relative one needs a page to resolve against)' : ''}`)
    }
  }
  const url = (path: string) => (/^https?:\/\//.test(path) ? path : `${(base ??= resolveBase())}${path}`)
  return async <T,>(ctx: BackendContext, path: string, request: RequestOptions<T, S> = {}): Promise<T> => {
    const schemas = (schemasOnce ? await schemasOnce() : undefined) as S
    const toError = request.toError ?? options.toError
    const reply = request.pick ? request.pick(schemas) : request.reply
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
      toError: (status, body, text) => toError(status, body, text, schemas),
      ...(reply ? { schema: reply } : {}),
      ...(request.onResponse ? { onResponse: request.onResponse } : {}),
    })
  }
}
