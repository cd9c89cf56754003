import type { ResponseSchema } from './request.js'

// A reply check from any Standard Schema (standardschema.dev: Valibot, zod, ArkType…): keyward's own
// adapters write theirs with Valibot, an adapter written elsewhere may bring the library its app has.

/** The part of Standard Schema v1 a reply check uses: a synchronous `validate` and the output type. */
export interface ReplySchema<T> {
  readonly '~standard': {
    readonly validate: (value: unknown) => StandardResult<T> | Promise<StandardResult<T>>
    readonly types?: { readonly output: T } | undefined
  }
}
type StandardResult<T> = { readonly value: T; readonly issues?: undefined } | { readonly issues: ReadonlyArray<{ readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> }

const key = (segment: PropertyKey | { readonly key: PropertyKey }) => String(typeof segment === 'object' && segment !== null ? segment.key : segment)

/**
 * A Standard Schema as a `ResponseSchema`. On failure it keeps each issue's path and, where the
 * library names it (Valibot and zod do), the kind expected — never the message or the value found,
 * which may hold a token.
 */
export function checked<T>(schema: ReplySchema<T>): ResponseSchema<T> {
  return (value) => {
    const result = schema['~standard'].validate(value)
    if (result instanceof Promise) throw new TypeError('a reply schema must check synchronously')
    if (!result.issues) return { ok: true, value: result.value }
    return {
      ok: false,
      issues: result.issues.map((issue) => {
        const expected = (issue as { expected?: unknown }).expected
        return { path: (issue.path ?? []).map(key).join('.'), expected: typeof expected === 'string' ? expected : 'valid' }
      }),
    }
  }
}
