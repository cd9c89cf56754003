import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// docs/writing-a-backend.md shows its example adapter whole: the block is the file that compiles, is
// linted as an adapter (the kit only) and runs the conformance suite (test/e2e/conformance-example.e2e.test.ts).
// Its other blocks (mounting the adapter, the conformance target) compile too, as an app's files.

const root = fileURLToPath(new URL('../../', import.meta.url))
const page = readFileSync(`${root}docs/writing-a-backend.md`, 'utf8')
const file = readFileSync(`${root}docs/example-backend.ts`, 'utf8')
const blocks = [...page.matchAll(/```(ts|tsx)\n([\s\S]*?)```/g)].map((match) => ({ lang: match[1]!, code: match[2]! }))

it('shows the example adapter exactly as docs/example-backend.ts has it', () => {
  expect(blocks.map((block) => block.code)).toContain(file)
})

it('has TypeScript blocks that compile, as files beside the example adapter', () => {
  const dir = `${root}node_modules/.cache/keyward/writing-a-backend`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = blocks
    .filter((block) => block.code !== file)
    .map((block, i) => {
      const name = `${dir}/block-${i}.${block.lang}`
      writeFileSync(name, block.code.replaceAll("from './example-backend'", `from '${root}docs/example-backend.ts'`))
      return name
    })
  expect(files.length).toBeGreaterThan(0)
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: `${root}tsconfig.json`, include: files, compilerOptions: { noUnusedLocals: false } }))
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', `${dir}/tsconfig.json`], { encoding: 'utf8' })
  } catch (error) {
    throw new Error(`a block of docs/writing-a-backend.md does not compile:\n${(error as { stdout?: string }).stdout ?? error}`)
  }
}, 120_000)
