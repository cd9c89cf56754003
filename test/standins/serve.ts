import { serve } from '../../src/testing/node.ts'

/**
 * A stand-in's `handle` on 127.0.0.1 for a browser, through keyward/testing's `serve()`: CORS for
 * loopback pages (the systems' own CORS is not described; a deployment answers it for its app's
 * origins) and what it "e-mailed" at `/__outbox` (the demo's outbox shows it).
 */
export async function serveStandIn(standIn: { handle: (request: Request) => Promise<Response>; outbox: readonly unknown[] }): Promise<{ url: string; stop: () => Promise<void> }> {
  const { url, close } = await serve(async (request) =>
    new URL(request.url).pathname === '/__outbox' ? Response.json(standIn.outbox) : standIn.handle(request),
  )
  return { url, stop: close }
}
