import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { deriveNhostContract, type NhostContract, packageVersion } from './nhost/derive.ts'
import { deriveSupabaseContract, packageVersion as supabaseVersion, type SupabaseContract } from './supabase/derive.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    nhostContract: NhostContract
    /** The reply types of @supabase/auth-js, as JSON schemas (test/contract/supabase). */
    supabaseContract: SupabaseContract
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url))
const derive = fileURLToPath(new URL('./nhost/derive.ts', import.meta.url))
const deriveSupabase = [fileURLToPath(new URL('./supabase/derive.ts', import.meta.url)), fileURLToPath(new URL('./supabase/replies.ts', import.meta.url))]

/**
 * Derives the Nhost contract once per run (the type generator takes seconds, more on a busy machine)
 * and hands it to every test file. Cached in node_modules/.cache, keyed on the package version and on
 * the generator's version and on the deriving code, so a changed contract source is never served stale.
 */
export default async function setup(project: TestProject) {
  const generator = (JSON.parse(readFileSync(`${root}node_modules/ts-json-schema-generator/package.json`, 'utf8')) as { version: string }).version
  const key = createHash('sha256').update(packageVersion()).update(generator).update(readFileSync(derive)).digest('hex').slice(0, 16)
  const dir = `${root}node_modules/.cache/keyward`
  const file = `${dir}/nhost-contract-${key}.json`
  let contract: NhostContract
  if (existsSync(file)) {
    contract = JSON.parse(readFileSync(file, 'utf8')) as NhostContract
  } else {
    contract = await deriveNhostContract()
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, JSON.stringify(contract))
  }
  project.provide('nhostContract', contract)

  const supabaseKey = createHash('sha256').update(supabaseVersion()).update(generator).update(deriveSupabase.map((f) => readFileSync(f, 'utf8')).join('')).digest('hex').slice(0, 16)
  const supabaseFile = `${dir}/supabase-contract-${supabaseKey}.json`
  let supabase: SupabaseContract
  if (existsSync(supabaseFile)) {
    supabase = JSON.parse(readFileSync(supabaseFile, 'utf8')) as SupabaseContract
  } else {
    supabase = deriveSupabaseContract()
    mkdirSync(dir, { recursive: true })
    writeFileSync(supabaseFile, JSON.stringify(supabase))
  }
  project.provide('supabaseContract', supabase)
}
