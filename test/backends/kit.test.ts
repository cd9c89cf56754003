import { afterEach, describe, expect, it, vi } from 'vitest'
import { AuthError, createRequester, type BackendContext, type ResponseSchema } from '../../src/backends/kit/index.ts'

// keyward/backends/kit's request builder: what every adapter's requests share.

type Sent = { url: string; init: RequestInit }
function context(answer: (sent: Sent) => Response | Promise<Response>): { ctx: BackendContext; sent: Sent[] } {
  const sent: Sent[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = { url: String(input), init: init ?? {} }
    sent.push(request)
    return answer(request)
  }) as typeof globalThis.fetch
  return { ctx: { fetch, timeout: 5_000, now: Date.now }, sent }
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const named: ResponseSchema<{ name: string }> = (value) =>
  typeof (value as { name?: unknown })?.name === 'string' ? { ok: true, value: value as { name: string } } : { ok: false, issues: [{ path: 'name', expected: 'string' }] }
const refuse = (status: number) => new AuthError('unauthorized', `refused ${status}`, { status })

afterEach(() => vi.unstubAllGlobals())

describe('createRequester', () => {
  it('refuses a relative base outside a page with invalid_input, sending nothing', async () => {
    vi.stubGlobal('location', undefined)
    const { ctx, sent } = context(() => json(200, {}))
    const call = createRequester({ base: '/auth/v1', toError: refuse })
    await expect(call(ctx, '/user')).rejects.toMatchObject({ name: 'AuthError', code: 'invalid_input' })
    expect(sent).toEqual([])
  })

  it('resolves a relative base against the page, and joins paths to it', async () => {
    vi.stubGlobal('location', { href: 'https://app.example/account/settings' })
    const { ctx, sent } = context(() => json(200, { name: 'Ada' }))
    const call = createRequester({ base: '/auth/v1/', toError: refuse })
    expect(await call(ctx, '/user', { accessToken: 'token-1', reply: named })).toEqual({ name: 'Ada' })
    expect(sent[0]!.url).toBe('https://app.example/auth/v1/user')
    expect((sent[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer token-1')
  })

  it('sends JSON by default and a form where asked; an absolute URL as it is', async () => {
    const { ctx, sent } = context(() => new Response(null, { status: 204 }))
    const call = createRequester({ base: 'https://auth.example', toError: refuse, credentials: 'omit' })
    await call(ctx, '/signin', { body: { email: 'a@example.com' } })
    await call(ctx, 'https://idp.example/token', { body: { grant_type: 'refresh_token', refresh_token: 'r' }, form: true })
    expect(sent.map((s) => [s.url, s.init.method, (s.init.headers as Record<string, string>)['content-type'], s.init.body, s.init.credentials])).toEqual([
      ['https://auth.example/signin', 'POST', 'application/json', '{"email":"a@example.com"}', 'omit'],
      ['https://idp.example/token', 'POST', 'application/x-www-form-urlencoded', 'grant_type=refresh_token&refresh_token=r', 'omit'],
    ])
  })

  it('checks a 2xx reply with `reply`, and reads a refusal with the request’s own error table before the adapter’s', async () => {
    const { ctx } = context((s) => (s.url.endsWith('/ok') ? json(200, { name: 'Ada' }) : json(401, { error: 'nope' })))
    const call = createRequester({ base: 'https://auth.example', toError: (status) => new AuthError('unauthorized', 'refused', { status }) })
    expect(await call(ctx, '/ok', { reply: named })).toEqual({ name: 'Ada' })
    await expect(call(ctx, '/no')).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
    const wrongPassword = (status: number) => new AuthError('invalid-email-password', 'refused', { status })
    await expect(call(ctx, '/no', { toError: wrongPassword })).rejects.toMatchObject({ code: 'invalid-email-password', status: 401 })
  })

  it('rejects only with AuthErrors: a dropped connection, a reply that is not what was expected, a 429 with its Retry-After', async () => {
    const answers = [
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => json(200, { name: 42 }),
      () => new Response('<html>', { status: 200 }),
      () => new Response('{}', { status: 429, headers: { 'retry-after': '7' } }),
    ]
    let i = 0
    const { ctx } = context(() => answers[i++]!())
    const call = createRequester({ base: 'https://auth.example', toError: (status) => new AuthError(status === 429 ? 'rate-limited' : 'unknown-server-error', 'refused', { status }) })
    await expect(call(ctx, '/a', { reply: named })).rejects.toMatchObject({ name: 'AuthError', code: 'network_error' })
    const broken = await call(ctx, '/b', { reply: named }).catch((error: unknown) => error)
    expect(broken).toMatchObject({ name: 'AuthError', code: 'invalid_response' })
    // the issue names the place and the kind, never the value found there
    expect(JSON.stringify((broken as AuthError).cause)).not.toContain('42')
    await expect(call(ctx, '/c', { reply: named })).rejects.toMatchObject({ code: 'invalid_response' })
    await expect(call(ctx, '/d')).rejects.toMatchObject({ code: 'rate-limited', retryAfter: 7_000 })
  })
})
