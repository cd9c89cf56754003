// Derives the Supabase Auth reply contract from the published `@supabase/auth-js` (the official
// client's own types: `Session`, `User`, the MFA replies, the `ErrorCode` list), once per test run in
// the global setup (test/contract/global-setup.ts), as the Nhost contract is from @nhost/nhost-js.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGenerator } from 'ts-json-schema-generator'

export const PACKAGE = '@supabase/auth-js'
export const REPLIES = ['SessionReply', 'UserReply', 'EnrollReply', 'ChallengeReply', 'ErrorReply'] as const

export interface SupabaseContract {
  source: string
  definitions: Record<string, Record<string, unknown>>
}

const require = createRequire(import.meta.url)
export const packageVersion = (): string => (JSON.parse(readFileSync(join(dirname(require.resolve(PACKAGE)), '../../package.json'), 'utf8')) as { version: string }).version

export function deriveSupabaseContract(): SupabaseContract {
  const generator = createGenerator({
    path: fileURLToPath(new URL('./replies.ts', import.meta.url)),
    tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)),
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    // the client reads the fields it types; the server may send more
    additionalProperties: true,
  })
  const definitions: SupabaseContract['definitions'] = {}
  for (const name of REPLIES) Object.assign(definitions, generator.createSchema(name).definitions)
  return { source: `${PACKAGE}@${packageVersion()}`, definitions }
}
