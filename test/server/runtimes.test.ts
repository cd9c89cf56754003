import { runInNewContext } from 'node:vm'
import { fileURLToPath } from 'node:url'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { build, type Rolldown } from 'vite'
import { beforeAll, describe, expect, it } from 'vitest'
import type * as Server from '../../src/server/index.ts'

// keyward/server in an edge-like runtime: bundled as an edge platform bundles it, then run in a fresh
// V8 context holding only the web platform's globals (fetch, Request, Response, Headers, URL, crypto,
// TextEncoder, AbortSignal, timers) — no window, document, localStorage, navigator, process, require
// or Buffer. Loading it there, and verifying a session and answering the token route there, is the proof.

const WEB_GLOBALS = ['fetch', 'Request', 'Response', 'Headers', 'URL', 'URLSearchParams', 'crypto', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'atob', 'btoa', 'setTimeout', 'clearTimeout', 'structuredClone', 'DOMException', 'console'] as const
const BROWSER_OR_NODE = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'process', 'require', 'Buffer', 'global']

let edge: typeof Server
let sandbox: Record<string, unknown>

beforeAll(async () => {
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions: ['worker', 'edge-light', 'import', 'default'] },
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL('../../src/server/index.ts', import.meta.url)), formats: ['iife'], name: 'keywardServer' },
    },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput
  const output = (Array.isArray(result) ? result[0]! : result).output
  const code = output.find((chunk) => chunk.type === 'chunk')!.code
  sandbox = Object.fromEntries(WEB_GLOBALS.map((name) => [name, globalThis[name]]))
  runInNewContext(`${code}\nglobalThis.keywardServer = keywardServer`, sandbox, { filename: 'keyward-server.edge.js' })
  edge = sandbox.keywardServer as typeof Server
}, 60_000)

describe('keyward/server in an edge-like runtime', () => {
  it('loads where there are no browser or Node globals', () => {
    for (const name of BROWSER_OR_NODE) expect(runInNewContext(`typeof ${name}`, sandbox)).toBe('undefined')
    expect(typeof edge.createTokenRoute).toBe('function')
    expect(typeof edge.getSession).toBe('function')
  })

  it('verifies a session cookie against a key set there, and refuses an expired one', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
    const sign = (exp: number) => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('user-1').setExpirationTime(exp).sign(privateKey)
    const cookie = async (exp: number) => {
      const session = { accessToken: await sign(exp), accessTokenExpiresAt: exp * 1000, refreshToken: null, user: { id: 'user-1', email: 'ada@example.com' } }
      return new Request('https://app.example/account', { headers: { cookie: `${edge.SESSION_COOKIE}=${encodeURIComponent(JSON.stringify(session))}` } })
    }
    const verify = edge.verifyJwt({ jwks: { keys: [jwk] } })
    const now = Math.floor(Date.now() / 1000)
    expect((await edge.getSession(await cookie(now + 600), { verify }))?.user?.email).toBe('ada@example.com')
    expect(await edge.getSession(await cookie(now - 600), { verify })).toBeNull()
  })

  it('answers the token route there', async () => {
    const route = edge.createTokenRoute({ id: 'stub', traits: { transport: 'bearer' }, session: { signOut: async () => {} } })
    const reply = await route(new Request('https://app.example/api/auth', { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyward': '1', origin: 'https://app.example' }, body: JSON.stringify({ op: 'session.restore', args: [] }) }))
    expect(reply.status).toBe(200)
    expect(await reply.json()).toEqual({ result: null })
  })
})
