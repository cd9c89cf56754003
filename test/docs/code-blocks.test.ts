import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// Docs are code: every TypeScript block of the README and of docs/*.md is a whole file that compiles,
// as an app's file, against keyward's public entries (tsconfig paths to the sources). A block shown
// under `<!-- file: path -->` is that file of the repository, byte for byte (an example app's, which
// its own build compiles in the e2e suite). A block whose fence says `ts run` also runs, here.

const root = fileURLToPath(new URL('../../', import.meta.url))
const pages = ['README.md', ...readdirSync(`${root}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]

interface Block {
  page: string
  line: number
  lang: string
  run: boolean
  file: string | null
  code: string
}

function blocksOf(page: string): Block[] {
  const text = readFileSync(`${root}${page}`, 'utf8')
  return [...text.matchAll(/(?:<!-- file: (\S+) -->\n)?```(ts|tsx|typescript)( run)?\n([\s\S]*?)```/g)].map((match) => ({
    page,
    line: text.slice(0, match.index).split('\n').length,
    file: match[1] ?? null,
    lang: match[2] === 'tsx' ? 'tsx' : 'ts',
    run: Boolean(match[3]),
    code: match[4]!,
  }))
}

const blocks = pages.flatMap(blocksOf)
const dir = `${root}test-results/doc-blocks`
const nameOf = (block: Block) => `${dir}/${block.page.replace(/[/.]/g, '-')}-${block.line}.${block.lang}`

it('finds the TypeScript blocks of the README and every guide', () => {
  expect(blocks.filter((block) => block.page === 'README.md').length).toBeGreaterThanOrEqual(2)
  for (const page of ['docs/getting-started.md', 'docs/hooks.md', 'docs/forms.md', 'docs/testing.md', 'docs/writing-a-backend.md']) {
    expect(blocks.some((block) => block.page === page), `${page} has no TypeScript block`).toBe(true)
  }
})

it('shows each `<!-- file: … -->` block exactly as the repository has that file', () => {
  // the example adapter of docs/writing-a-backend.md is shown whole (it is linted as an adapter and
  // runs the conformance suite: test/e2e/conformance-example.e2e.test.ts)
  expect(blocks.some((block) => block.page === 'docs/writing-a-backend.md' && block.file === 'docs/example-backend.ts')).toBe(true)
  for (const block of blocks.filter((b) => b.file)) {
    expect(block.code, `${block.page}:${block.line} is not ${block.file} as it is`).toBe(readFileSync(`${root}${block.file}`, 'utf8'))
  }
})

it('compiles every other block as a file of an app', () => {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = blocks
    .filter((block) => !block.file)
    .map((block) => {
      const name = nameOf(block)
      // a block is a module of its own (`export {}` where it exports nothing); the example adapter's
      // blocks import it beside them
      const code = block.code.replaceAll("from './example-backend'", `from '${root}docs/example-backend.ts'`)
      writeFileSync(name, `${code}${/^export /m.test(code) ? '' : '\nexport {}\n'}`)
      return name
    })
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: `${root}tsconfig.json`, include: files, compilerOptions: { noUnusedLocals: false, types: ['node', 'vitest/globals'] } }))
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', `${dir}/tsconfig.json`], { encoding: 'utf8' })
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? error)
    // name the page and line of each failing block, not the scratch file
    const named = blocks.reduce((text, block) => text.replaceAll(nameOf(block).slice(root.length), `${block.page} (block at line ${block.line})`), output)
    throw new Error(`a TypeScript block of the docs does not compile:\n${named}`)
  }
}, 180_000)

it('runs the blocks marked `ts run`', async () => {
  const runnable = blocks.filter((block) => block.run)
  expect(runnable.length).toBeGreaterThan(0)
  for (const block of runnable) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(nameOf(block), `${block.code}\nexport {}\n`)
    await import(/* @vite-ignore */ nameOf(block))
  }
}, 60_000)
