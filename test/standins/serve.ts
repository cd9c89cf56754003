import { createServer, type Server } from 'node:http'

/**
 * A stand-in's `handle` on 127.0.0.1 for a browser: CORS for any http://localhost page (the systems'
 * own CORS is not described; a deployment answers it for its app's origins) and what it "e-mailed"
 * at `/__outbox` (the demo's outbox shows it).
 */
export async function serveStandIn(standIn: { handle: (request: Request) => Promise<Response>; outbox: readonly unknown[] }): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const origin = req.headers.origin
    const cors: Record<string, string> =
      origin && /^http:\/\/localhost(:\d+)?$/.test(origin)
        ? { 'access-control-allow-origin': origin, 'access-control-allow-headers': 'content-type, authorization', 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS', vary: 'origin' }
        : {}
    if (req.url === '/__outbox') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(standIn.outbox))
      return
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const bodyless = req.method === 'GET' || req.method === 'DELETE'
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method ?? 'GET', headers: req.headers as Record<string, string>, body: bodyless ? null : Buffer.concat(chunks) })
    const response = await standIn.handle(request)
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...cors })
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://localhost:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) }
}
