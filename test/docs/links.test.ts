import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// The README is short and sends readers to the guides: every relative link of it and of docs/ leads
// to a file of the repository (and, with a #fragment, to a heading of that page).

const root = fileURLToPath(new URL('../../', import.meta.url))
const pages = ['README.md', ...readdirSync(`${root}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-')

it('has no relative link to a file or heading that is not there', () => {
  const broken: string[] = []
  for (const page of pages) {
    const text = readFileSync(`${root}${page}`, 'utf8').replace(/```[\s\S]*?```/g, '')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue
      const [path, fragment] = target!.split('#')
      const file = path ? resolve(dirname(`${root}${page}`), path) : `${root}${page}`
      if (!existsSync(file)) broken.push(`${page}: ${target}`)
      else if (fragment && file.endsWith('.md')) {
        const headings = [...readFileSync(file, 'utf8').matchAll(/^#+ (.*)$/gm)].map(([, h]) => slug(h!))
        if (!headings.includes(fragment)) broken.push(`${page}: ${target} (no such heading)`)
      }
    }
  }
  expect(broken).toEqual([])
})
