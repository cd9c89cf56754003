import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { allowlistMatcher } from '../core/redirect.js'
import { LOOPBACK_ORIGINS } from './origins.js'

type FetchHandler = (request: Request) => Promise<Response>
type Mountable = { middlewares: { use(path: string, fn: (req: IncomingMessage, res: ServerResponse) => void): void } }

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  // connect strips a mount prefix from `url`; `originalUrl` keeps the path the browser asked for
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/'
  return new Request(new URL(path, origin), {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  })
}

async function send(res: ServerResponse, response: Response) {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  res.writeHead(response.status, headers)
  res.end(Buffer.from(await response.arrayBuffer()))
}

/** Node `http` glue: answers with `handler`, and drops the connection when the handler throws. */
export function toNodeListener(handler: FetchHandler) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const origin = `http://${req.headers.host ?? 'localhost'}`
      await send(res, await handler(await toRequest(req, origin)))
    } catch {
      res.socket?.destroy()
    }
  }
}

/**
 * Answers cross-origin requests from `origins` (allowlist entries, `*` within a segment): preflights
 * with 204, every reply with the page's origin allowed and credentials (cookies) allowed. Requests
 * from any other origin get no CORS headers, so the browser keeps their replies from the page.
 */
export function withCors(handler: FetchHandler, origins: readonly string[]): FetchHandler {
  const allowed = allowlistMatcher(origins)
  return async (request) => {
    const origin = request.headers.get('origin')
    if (!origin || !allowed(origin)) return handler(request)
    const cors = new Headers({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'retry-after',
      vary: 'Origin',
    })
    if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
      cors.set('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
      cors.set('access-control-allow-headers', request.headers.get('access-control-request-headers') ?? '')
      cors.set('access-control-max-age', '600')
      return new Response(null, { status: 204, headers: cors })
    }
    const response = await handler(request)
    const headers = new Headers(response.headers)
    cors.forEach((value, name) => headers.set(name, value))
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

/**
 * Serves a fetch handler (the reference backend's `fetch`) over real HTTP on loopback. Pages on
 * `cors` origins may call it from another origin (default: loopback pages on any port; `[]` for none).
 *
 * @example
 * const server = createReferenceBackend()
 * const { url, close } = await serve(server.fetch, { cors: ['http://localhost:3000'] })
 */
export async function serve(handler: FetchHandler, options: { port?: number; host?: string; cors?: readonly string[] } = {}) {
  const host = options.host ?? '127.0.0.1'
  const server = createServer(toNodeListener(withCors(handler, options.cors ?? LOOPBACK_ORIGINS)))
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A Vite plugin that mounts a fetch handler inside the dev server and `vite preview`, same origin as the app.
 *
 * @example
 * plugins: [referenceBackendPlugin({ path: '/auth/v1', handler: createReferenceBackend({ basePath: '/auth/v1' }).fetch })]
 */
export function referenceBackendPlugin(options: { path: string; handler: FetchHandler }) {
  const listener = toNodeListener(options.handler)
  return {
    name: 'keyward-reference-backend',
    configureServer(server: Mountable) {
      server.middlewares.use(options.path, (req, res) => void listener(req, res))
    },
    // `vite preview` serves the built app: the backend stays mounted beside it
    configurePreviewServer(server: Mountable) {
      server.middlewares.use(options.path, (req, res) => void listener(req, res))
    },
  }
}
