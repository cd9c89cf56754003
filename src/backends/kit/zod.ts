import type * as z from 'zod/mini'
import type { ResponseSchema } from './request.js'

// The adapters' reply schemas are zod/mini (loaded with their first request, never up front); this
// turns one into the checker core understands.

/** A zod/mini schema as a `ResponseSchema`: on failure, paths and kinds only — never the values found (tokens among them). */
export function checked<T>(schema: z.ZodMiniType<T>): ResponseSchema<T> {
  return (value) => {
    const result = schema.safeParse(value)
    if (result.success) return { ok: true, value: result.data }
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), expected: String((issue as { expected?: unknown }).expected ?? issue.code) })),
    }
  }
}
