import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

type FetchHandler = (request: Request) => Promise<Response>

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
 * Serves a fetch handler (the reference backend's `fetch`) over real HTTP on loopback.
 *
 * @example
 * const server = createReferenceBackend()
 * const { url, close } = await serve(server.fetch)
 */
export async function serve(handler: FetchHandler, options: { port?: number; host?: string } = {}) {
  const host = options.host ?? '127.0.0.1'
  const server = createServer(toNodeListener(handler))
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
 * A Vite plugin that mounts a fetch handler inside the dev server, same origin as the app.
 *
 * @example
 * plugins: [referenceBackendPlugin({ path: '/auth/v1', handler: createReferenceBackend({ basePath: '/auth/v1' }).fetch })]
 */
export function referenceBackendPlugin(options: { path: string; handler: FetchHandler }) {
  const listener = toNodeListener(options.handler)
  return {
    name: 'keyward-reference-backend',
    configureServer(server: { middlewares: { use(path: string, fn: (req: IncomingMessage, res: ServerResponse) => void): void } }) {
      server.middlewares.use(options.path, (req, res) => void listener(req, res))
    },
  }
}
