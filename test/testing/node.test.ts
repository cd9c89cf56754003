import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReferenceBackend } from '../../src/testing/index.ts'
import { serve } from '../../src/testing/node.ts'

// `serve()` is how an app on another origin (its own dev server) reaches the reference backend
describe('serve(): the reference backend over HTTP for pages on other origins', () => {
  let url = ''
  let close = async () => {}
  beforeAll(async () => {
    const backend = createReferenceBackend({ passwordHashIterations: 1000 })
    ;({ url, close } = await serve(backend.fetch))
  })
  afterAll(() => close())

  it('answers a preflight from a loopback page on any port, and lets it read the reply', async () => {
    const preflight = await fetch(`${url}/signup/email-password`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5174', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5174')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type')
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true')

    const reply = await fetch(`${url}/signup/email-password`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5174', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cors@example.com', password: 'correct horse battery', options: { redirectTo: 'http://localhost:5174/' } }),
    })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('access-control-allow-origin')).toBe('http://localhost:5174')
  })

  it('gives no CORS headers to a page on an origin it was not told about', async () => {
    const reply = await fetch(`${url}/signin/email-password`, {
      method: 'POST',
      headers: { origin: 'https://evil.test', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cors@example.com', password: 'x' }),
    })
    expect(reply.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers only the origins it is given', async () => {
    const strict = await serve(createReferenceBackend().fetch, { cors: ['https://app.example.com'] })
    try {
      const headers = (origin: string) => ({ origin, 'access-control-request-method': 'POST' })
      const ok = await fetch(`${strict.url}/token`, { method: 'OPTIONS', headers: headers('https://app.example.com') })
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
      const other = await fetch(`${strict.url}/token`, { method: 'OPTIONS', headers: headers('http://localhost:5173') })
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await strict.close()
    }
  })
})
