import { createAuthClient, memoryStorage, viaTokenRoute, type AuthBackend, type AuthClient, type AuthClientOptions } from '../../src/index.ts'
import { createTokenRoute } from '../../src/server/index.ts'

// The token-mediating mode in one process: the page's client (viaTokenRoute, memory storage) → a
// browser-like fetch with a cookie jar and the page's Origin → createTokenRoute running the adapter →
// the auth server (a reference backend, a stand-in, a real server). What a page's scripts can reach is
// the client's snapshot; the jar is the browser's, where httpOnly cookies live.

export interface JarCookie {
  value: string
  attributes: string[]
}

export interface RouteHarnessOptions {
  /** The adapter the route runs (the auth server's absolute URL). */
  server: AuthBackend
  /** The adapter the page is configured with (wrapped in viaTokenRoute). Default: `server`. */
  page?: AuthBackend
  /** How the route reaches the auth server. */
  fetch?: typeof fetch
  /** The page's origin. */
  origin: string
  now?: () => number
  client?: Partial<AuthClientOptions>
}

export function routeHarness(options: RouteHarnessOptions) {
  const route = createTokenRoute(options.server, { ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.now ? { now: options.now } : {}) })
  const jar = new Map<string, JarCookie>()
  const calls: string[] = []
  const stops: Array<() => void> = []
  const cookieHeader = () => [...jar].map(([name, cookie]) => `${name}=${cookie.value}`).join('; ')
  const accept = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split('; ')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at)
      if (attributes.includes('Max-Age=0')) jar.delete(name)
      else jar.set(name, { value: pair!.slice(at + 1), attributes })
    }
  }
  /** The page's fetch: to the route with the jar's cookies and the page's Origin, as a browser sends them. */
  const browserFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input), options.origin)
    if (url.origin !== options.origin || url.pathname !== '/api/auth') throw new Error(`the page fetched ${url.href}: in this mode it talks to its route only`)
    const headers = new Headers(init?.headers)
    headers.set('origin', options.origin)
    headers.set('sec-fetch-site', 'same-origin')
    if (jar.size) headers.set('cookie', cookieHeader())
    calls.push(JSON.parse(String(init?.body)).op as string)
    const response = await route(new Request(url, { ...init, headers }))
    accept(response)
    return response
  }
  const makeClient = (extra: Partial<AuthClientOptions> = {}): AuthClient => {
    const client = createAuthClient({
      // relative in a page; a test without one (Node) gives the page's absolute address
      backend: viaTokenRoute(options.page ?? options.server, { route: typeof location === 'undefined' ? `${options.origin}/api/auth` : '/api/auth' }),
      storage: memoryStorage(),
      fetch: browserFetch,
      sync: false,
      locks: null,
      ...(options.now ? { now: options.now } : {}),
      ...options.client,
      ...extra,
    })
    stops.push(client.start())
    return client
  }
  /** A page request as the browser sends it (the jar's cookies), for getSession. */
  const pageRequest = (path = '/account') => new Request(new URL(path, options.origin), { headers: jar.size ? { cookie: cookieHeader() } : {} })
  return { route, jar, calls, makeClient, pageRequest, stop: () => stops.splice(0).forEach((stop) => stop()) }
}

/** Every string a page's script can reach of `client`: its snapshot, serialized. */
export const reachable = (client: AuthClient) => JSON.stringify(client.getSnapshot())
