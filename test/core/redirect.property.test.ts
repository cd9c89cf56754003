import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isAllowedUrl } from '../../src/core/redirect.ts'

// Generated URLs around generated allowlist entries, judged by a structural oracle written
// independently of the matcher: parse both with the URL parser and compare part by part.

const label = fc.constantFrom('app', 'a-b', 'x1', 'shop', 'eu', 'EXAMPLE', 'bücher')
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => [...labels, 'test'].join('.'))
const segment = fc.constantFrom('in', 'a', 'b-c', 'done', 'x.y')
const entryArb = fc.record({
  scheme: fc.constantFrom('http', 'https'),
  host,
  port: fc.option(fc.constantFrom(80, 443, 3000, 5173, 8443), { nil: undefined }),
  path: fc.array(segment, { maxLength: 2 }),
})
type Entry = { scheme: string; host: string; port: number | undefined; path: string[] }
const entryString = (e: Entry) => `${e.scheme}://${e.host}${e.port === undefined ? '' : `:${e.port}`}${e.path.length ? `/${e.path.join('/')}` : ''}`

// ways to bend a URL that is (or is near) an allowed one
const mutation = fc.constantFrom(
  (u: string) => u,
  (u: string) => `${u}/deeper`,
  (u: string) => `${u}x`,
  (u: string) => `${u}?next=%2F%2Fevil.test#frag`,
  (u: string) => `${u}%2Fevil`,
  (u: string) => `${u}\\evil`,
  (u: string) => `${u}/..%2F..%2Fevil`,
  (u: string) => u.replace('://', '://user@'),
  (u: string) => u.replace('://', '://user:pw@'),
  (u: string) => u.replace(/^(\w+:\/\/)([^/]+)/, '$1$2@evil.test'),
  (u: string) => u.replace(/^(\w+:\/\/)([^/:]+)/, '$1$2.evil.test'),
  (u: string) => u.replace(/^(\w+:\/\/)/, '$1evil.'),
  (u: string) => u.toUpperCase(),
  (u: string) => u.replace(/^https?/, (s) => (s === 'http' ? 'https' : 'http')),
  (u: string) => u.replace(/^(\w+:\/\/[^/:]+)(:\d+)?/, '$1:9999'),
  (u: string) => u.replace(/^(\w+:\/\/[^/:]+)(:\d+)?/, '$1'),
  (u: string) => u.replace(/^\w+:/, 'javascript:'),
)

function oracle(url: string, entry: string): boolean {
  let u: URL
  let e: URL
  try {
    u = new URL(url)
    e = new URL(entry)
  } catch {
    return false
  }
  if (u.username || u.password) return false
  if (u.protocol !== e.protocol || u.hostname !== e.hostname || u.port !== e.port) return false
  const base = e.pathname.replace(/\/+$/, '')
  return u.pathname === base || u.pathname === `${base}/` || u.pathname.startsWith(`${base}/`) || base === ''
}

describe('the redirect allowlist, generated', () => {
  it('agrees with the structural oracle on entries without wildcards', () => {
    fc.assert(
      fc.property(entryArb, mutation, (entry, bend) => {
        const allowed = entryString(entry)
        const url = bend(allowed)
        expect(isAllowedUrl(url, [allowed])).toBe(oracle(url, allowed))
      }),
      { numRuns: 2000 },
    )
  })

  it('never lets a wildcard reach past its label, port or segment', () => {
    let matched = 0
    fc.assert(
      fc.property(entryArb, mutation, fc.constantFrom('host', 'port', 'path'), (entry, bend, where) => {
        const wildcard =
          where === 'host'
            ? `${entry.scheme}://*.${entry.host}`
            : where === 'port'
              ? `${entry.scheme}://${entry.host}:*`
              : `${entry.scheme}://${entry.host}/a*/done`
        const near = where === 'host' ? `app.${entry.host}` : where === 'port' ? `${entry.host}:5173` : `${entry.host}/abc/done`
        const url = bend(`${entry.scheme}://${near}`)
        if (!isAllowedUrl(url, [wildcard])) return
        matched++
        const u = new URL(url)
        const e = new URL(`${entry.scheme}://${entry.host}`)
        expect(u.username + u.password).toBe('')
        expect(u.protocol).toBe(e.protocol)
        if (where === 'host') {
          expect(u.hostname.endsWith(`.${e.hostname}`)).toBe(true)
          expect(u.hostname.split('.').length).toBe(e.hostname.split('.').length + 1)
        } else {
          expect(u.hostname).toBe(e.hostname)
        }
        if (where === 'path') expect(u.pathname).toMatch(/^\/a[^/%\\]*\/done(\/|$)/)
      }),
      { numRuns: 2000 },
    )
    // the property is not vacuous: a good share of the generated URLs were allowed
    expect(matched).toBeGreaterThan(200)
  })
})
