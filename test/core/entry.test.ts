import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { expect, it } from 'vitest'

// keyward/core has no React anywhere below it: bundled with every React import made an error, it
// builds; run in a Node process that has no node_modules at all, it loads and runs a client.

const entry = fileURLToPath(new URL('../../src/core/index.ts', import.meta.url))
const REACT = /^(react|react-dom|@tanstack\/react-query)(\/.*)?$/

it('keyward/core loads and runs with React absent', async () => {
  const reached: string[] = []
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'no-react',
        setup(b) {
          b.onResolve({ filter: REACT }, (args) => {
            reached.push(`${args.path} from ${args.importer}`)
            return { errors: [{ text: `${args.path} imported by ${args.importer}` }] }
          })
        },
      },
    ],
  })
  expect(reached).toEqual([])

  const dir = mkdtempSync(join(tmpdir(), 'keyward-core-'))
  try {
    writeFileSync(join(dir, 'core.mjs'), result.outputFiles[0]!.contents)
    writeFileSync(
      join(dir, 'main.mjs'),
      `import { createAuthClient, memoryStorage, AuthError, verifyTotp } from './core.mjs'
       const backend = { id: 'none', traits: { transport: 'bearer' }, signIn: { withPassword: async () => { throw new AuthError('unsupported', 'none') } }, signUp: { withPassword: async () => ({}) }, session: { signOut: async () => {}, getUser: async () => ({}) } }
       const client = createAuthClient({ backend, storage: memoryStorage() })
       client.start()
       const snapshot = await client.ready()
       console.log(JSON.stringify({ status: snapshot.status, verifyTotp: typeof verifyTotp }))`,
    )
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({ status: 'signedOut', verifyTotp: 'function' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
