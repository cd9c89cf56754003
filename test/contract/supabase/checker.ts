import { Ajv, type ValidateFunction } from 'ajv'
import { inject } from 'vitest'
import type { SupabaseContract } from './derive.ts'

// Checks every reply a Supabase stand-in gives against the types Supabase's own client reads
// (derived from @supabase/auth-js: test/contract/supabase/derive.ts): 2xx bodies by route, refusals
// against the client's list of error codes. A test wraps the stand-in's fetch and expects no violations.

/** Route → the reply type(s) its 2xx body is, as the client reads it (`null`: a body the client ignores). */
const ROUTES: Array<[method: string, path: RegExp, replies: readonly string[] | null]> = [
  ['POST', /^\/token$/, ['SessionReply']],
  ['POST', /^\/verify$/, ['SessionReply']],
  ['POST', /^\/signup$/, ['SessionReply', 'UserReply']],
  ['GET', /^\/user$/, ['UserReply']],
  ['PUT', /^\/user$/, ['UserReply']],
  ['POST', /^\/factors$/, ['EnrollReply']],
  ['POST', /^\/factors\/[^/]+\/challenge$/, ['ChallengeReply']],
  ['POST', /^\/factors\/[^/]+\/verify$/, ['SessionReply']],
  ['DELETE', /^\/factors\/[^/]+$/, null],
  ['POST', /^\/logout$/, null],
  ['POST', /^\/(recover|otp|resend)$/, null],
  ['GET', /^\/settings$/, null],
  // the passkey routes (experimental in the client, which types their replies loosely): not checked
  ['POST', /^\/passkeys\/(authentication|registration)\/(options|verify)$/, null],
  ['GET', /^\/passkeys$/, null],
  ['DELETE', /^\/passkeys\/[^/]+$/, null],
]

let compiled: ((name: string) => ValidateFunction) | undefined
function schema(name: string): ValidateFunction {
  if (!compiled) {
    const contract: SupabaseContract | undefined = inject('supabaseContract')
    if (!contract) throw new Error('The Supabase contract was not provided: run the tests through vitest, whose global setup derives it')
    const ajv = new Ajv({ allErrors: true, strict: false })
    ajv.addSchema({ $id: 'supabase', definitions: contract.definitions })
    const cache = new Map<string, ValidateFunction>()
    compiled = (n) => {
      let validate = cache.get(n)
      if (!validate) {
        validate = ajv.getSchema(`supabase#/definitions/${n}`)
        if (!validate) throw new Error(`the Supabase contract has no definition ${n}`)
        cache.set(n, validate)
      }
      return validate
    }
  }
  return compiled(name)
}

/** Wraps a stand-in's fetch: every reply checked, what does not match in `violations`. */
export function supabaseContract() {
  const violations: string[] = []
  const check = async (method: string, path: string, response: Response) => {
    const where = `${method} ${path} ${response.status}`
    const text = await response.clone().text()
    if (response.status >= 400) {
      if (response.status === 401 && !text.includes('"code"')) return // the gateway's missing-key reply
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        return void violations.push(`${where}: the refusal is not JSON`)
      }
      // the passkey routes' codes (webauthn_*, internal/api/apierrors/errorcode.go) are newer than the
      // client's list (auth-js on Node 20 stops at 2.109): their refusals are checked for shape only
      if (path.startsWith('/passkeys')) {
        const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown }
        if (typeof code !== 'string' || typeof message !== 'string') violations.push(`${where}: not { code, message }`)
        return
      }
      const validate = schema('ErrorReply')
      if (!validate(body)) violations.push(`${where}: ${JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message}`))} (${text.slice(0, 120)})`)
      return
    }
    const route = ROUTES.find(([m, p]) => m === method && p.test(path))
    if (!route) return void violations.push(`${where}: not a route the client calls`)
    const replies = route[2]
    if (!replies) return
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return void violations.push(`${where}: the reply is not JSON`)
    }
    const failures = replies.map((name) => {
      const validate = schema(name)
      return validate(body) ? null : `${name}: ${JSON.stringify(validate.errors?.slice(0, 3).map((e) => `${e.instancePath} ${e.message}`))}`
    })
    if (failures.every((f) => f !== null)) violations.push(`${where}: ${failures.join('; ')}`)
  }
  return {
    violations,
    wrap(fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>): typeof globalThis.fetch {
      return async (input, init) => {
        const request = new Request(input, init)
        const response = await fetch(request.clone())
        const path = new URL(request.url).pathname.replace(/^\/auth\/v1/, '')
        await check(request.method, path, response)
        return response
      }
    },
  }
}
