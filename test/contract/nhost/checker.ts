import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { inject } from 'vitest'
import { FAULT_HEADER } from '../../../src/testing/index.ts'
import type { ContractOperation, NhostContract } from './derive.ts'

// Nhost's Go-style patterns (`^passwordReset\:.*$`) are invalid escapes under the `u` flag that its
// `\p{L}` patterns need; drop the needless backslashes rather than the unicode flag.
const regExp = Object.assign(
  (source: string, flags: string) => {
    try {
      return new RegExp(source, flags)
    } catch {
      return new RegExp(source.replace(/\\([^\w\\[\](){}.*+?^$|/-])/g, '$1'), flags)
    }
  },
  { code: 'new RegExp' },
)

// Routes of Nhost's API that its client never calls, so the client's types do not list them: the
// provider sends the browser to the OAuth callback, which answers with a redirect to the app.
const browserOnly: ContractOperation[] = ['GET', 'POST'].map((method) => ({
  id: 'signInProviderCallback',
  method,
  path: '/signin/provider/{provider}/callback',
  body: null,
  query: null,
  responses: {},
}))

interface Compiled {
  contract: NhostContract
  schema: (name: string) => ValidateFunction
  match: (method: string, path: string) => ContractOperation | undefined
}

let compiled: Compiled | undefined

/** One validator set per worker, compiled schema by schema as tests first need them. */
function compile(): Compiled {
  if (compiled) return compiled
  const contract = inject('nhostContract')
  if (!contract) throw new Error('The Nhost contract was not provided: run the tests through vitest, whose global setup derives it')
  const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp } })
  addFormats(ajv)
  // URLEncodedBase64 is documented as "Base64url-encoded binary data" (go-webauthn's unpadded
  // base64url) but typed `Format - byte` (standard base64): accept both alphabets.
  ajv.addFormat('byte', /^[A-Za-z0-9+/_-]*={0,2}$/)
  ajv.addSchema({ $id: 'nhost', definitions: contract.definitions })
  const cache = new Map<string, ValidateFunction>()
  const inline: Record<string, object> = { string: { type: 'string' } }
  const schema = (name: string) => {
    let validate = cache.get(name)
    if (!validate) {
      validate = inline[name] ? ajv.compile(inline[name]) : ajv.getSchema(`nhost#/definitions/${name}`)
      if (!validate) throw new Error(`the Nhost contract has no definition ${name}`)
      cache.set(name, validate)
    }
    return validate
  }
  const routes = [...contract.operations, ...browserOnly].map((operation) => ({
    operation,
    pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
  }))
  const match = (method: string, path: string) =>
    routes.find(({ operation, pattern }) => (operation.method === method || (method === 'HEAD' && operation.method === 'GET')) && pattern.test(path))
      ?.operation
  compiled = { contract, schema, match }
  return compiled
}

/** Query strings carry arrays comma-joined and objects as JSON (how nhost-js builds them). */
function queryValue(raw: string, type: unknown): unknown {
  if (type === 'array') return raw.split(',')
  if (type === 'object') {
    try {
      return JSON.parse(raw)
    } catch {
      return raw
    }
  }
  return raw
}

// Replies the contract README documents as off the generated types: the request validation error
// (its code is not in ErrorResponseError), the missing-elevation reply, and an empty 429.
function documentedOffContract(status: number, body: unknown, text: string): boolean {
  const error = (body as { error?: unknown } | null)?.error
  return (
    (status === 400 && error === 'request-validation-error') ||
    (status === 403 && error === 'Elevated claim required') ||
    (status === 429 && text === '')
  )
}

export interface ContractChecker {
  /** Wraps a fetch so every request and reply through it is checked. */
  wrap(inner: typeof fetch): typeof fetch
  /** What did not match the contract, one line each. */
  readonly violations: string[]
  /** The operations sent through this checker, in order. */
  readonly operations: string[]
}

/**
 * Checks every request sent through `wrap(fetch)`, and every reply received, against the Nhost
 * contract derived from @nhost/nhost-js (see test/backends/README.md).
 */
export function nhostContract(basePath = '/v1'): ContractChecker {
  const { contract, schema, match } = compile()
  const violations: string[] = []
  const operations: string[] = []
  const check = (what: string, name: string, data: unknown) => {
    const validate = schema(name)
    if (!validate(data)) violations.push(`${what}: ${JSON.stringify(validate.errors)}`)
  }

  function wrap(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init)
      const url = new URL(request.url)
      const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname
      const operation = match(request.method, path)
      if (!operation) {
        violations.push(`${request.method} ${path}: not in ${contract.source}`)
        return inner(request)
      }
      operations.push(operation.id)

      const text = await request.clone().text()
      if (operation.id === 'signInProviderCallback') {
        // the provider's own form post or query: not the app's traffic, only its reply is checked
      } else if (operation.body) {
        let parsed: unknown
        try {
          parsed = text ? JSON.parse(text) : undefined
        } catch {
          violations.push(`${operation.id} request: the body is not JSON`)
        }
        if (parsed !== undefined) check(`${operation.id} request`, operation.body.type, parsed)
        else if (!text && operation.body.required) violations.push(`${operation.id} request: the body is required`)
      } else if (text) {
        violations.push(`${operation.id} request: the operation takes no body`)
      }
      if (operation.query) {
        const properties = (contract.definitions[operation.query]?.properties ?? {}) as Record<string, { type?: string }>
        const query = Object.fromEntries([...url.searchParams].map(([key, value]) => [key, queryValue(value, properties[key]?.type)]))
        // providerSpecificParams are exploded into the query: any other key belongs to them
        if (properties.providerSpecificParams) {
          for (const key of Object.keys(query)) if (!properties[key]) delete query[key]
        }
        check(`${operation.id} query`, operation.query, query)
      }

      const response = await inner(request)
      // redirects carry no body to check; an injected fault is off the contract on purpose
      if ((response.status >= 300 && response.status < 400) || response.headers.has(FAULT_HEADER)) return response
      const replyText = await response.clone().text()
      let body: unknown
      try {
        body = replyText ? JSON.parse(replyText) : undefined
      } catch {
        violations.push(`${operation.id} ${response.status}: the reply is not JSON`)
        return response
      }
      if (response.status < 300) {
        const type = operation.responses[String(response.status)]
        if (!type) violations.push(`${operation.id} ${response.status}: no such reply in ${contract.source}`)
        else if (type === 'void') {
          if (replyText) violations.push(`${operation.id} ${response.status}: a body where none is documented`)
        } else check(`${operation.id} ${response.status}`, type, body)
      } else if (!documentedOffContract(response.status, body, replyText)) {
        // nhost-js reads every failed reply as an ErrorResponse (FetchError<ErrorResponse>)
        check(`${operation.id} ${response.status}`, 'ErrorResponse', body)
      }
      return response
    }
  }

  return { wrap, violations, operations }
}
