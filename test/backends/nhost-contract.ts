import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import addFormats from 'ajv-formats'
import { OpenAPIBackend } from 'openapi-backend'
import { parse } from 'yaml'

// a path, not a URL object: under jsdom the global URL is jsdom's, which node:fs does not accept
const SPEC = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/contracts/nhost-auth-openapi.yaml')

// The spec's Go-style patterns (`^passwordReset\:.*$`) are invalid escapes under the `u` flag that
// its `\p{L}` patterns need; drop the needless backslashes rather than the unicode flag.
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

/**
 * Checks every request sent through `wrap(fetch)` and every response received against Nhost's
 * published OpenAPI document. Replies the contract README documents as off-spec (request validation
 * errors, the elevation error, an empty 429) are checked for that documented shape instead.
 */
export async function nhostContract(basePath = '/v1') {
  const api = new OpenAPIBackend({
    definition: parse(readFileSync(SPEC, 'utf8')),
    quick: false,
    validate: true,
    ajvOpts: { code: { regExp } } as never,
    customizeAjv: (ajv) => {
      addFormats(ajv as never)
      // The spec marks its URLEncodedBase64 type `format: byte` but describes it as "Base64url-encoded
      // binary data" (go-webauthn's URLEncodedBase64, unpadded base64url): accept both alphabets.
      ajv.addFormat('byte', /^[A-Za-z0-9+/_-]*={0,2}$/)
      return ajv
    },
  })
  await api.init()
  const violations: string[] = []
  const seen = new Set<string>()

  function wrap(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init)
      const url = new URL(request.url)
      const path = url.pathname.slice(basePath.length)
      const text = await request.clone().text()
      const headers = Object.fromEntries(request.headers)
      const query = Object.fromEntries(url.searchParams)
      const shape = { method: request.method.toLowerCase(), path, headers, query, body: text ? JSON.parse(text) : undefined }
      const operation = api.matchOperation(shape)
      if (!operation) {
        violations.push(`${request.method} ${path}: not in the spec`)
        return inner(request)
      }
      seen.add(operation.operationId!)
      const checked = api.validateRequest(shape, operation)
      if (!checked.valid) violations.push(`${operation.operationId} request: ${JSON.stringify(checked.errors)}`)

      const response = await inner(request)
      if (response.status >= 300 && response.status < 400) return response
      const bodyText = await response.clone().text()
      const body: unknown = bodyText ? JSON.parse(bodyText) : undefined
      const documented =
        (response.status === 400 && (body as { error?: string })?.error === 'request-validation-error') ||
        (response.status === 403 && (body as { error?: string })?.error === 'Elevated claim required') ||
        (response.status === 429 && bodyText === '')
      if (!documented) {
        const result = api.validateResponse(body, operation, response.status)
        if (!result.valid) violations.push(`${operation.operationId} ${response.status}: ${JSON.stringify(result.errors)}`)
      }
      return response
    }
  }

  return { wrap, violations, seen }
}
