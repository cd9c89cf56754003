import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { expectGeneratedSection } from './generated-section.ts'

// docs/theming.md lists the theme's CSS variables with their defaults, read here from
// src/forms/forms.css itself: a variable added, renamed or given another default fails this test
// until the page says so. `KEYWARD_WRITE_DOCS=1 npx vitest run test/docs` rewrites the section.

const css = readFileSync(fileURLToPath(new URL('../../src/forms/forms.css', import.meta.url)), 'utf8')
const PAGE = fileURLToPath(new URL('../../docs/theming.md', import.meta.url))

/** The variables the theme reads (`--kw-x: var(--keyward-x, default); /* note *\/`): an app sets `--keyward-x`. */
function variables() {
  return [...css.matchAll(/^\s*--kw-[\w-]+: var\((--keyward-[\w-]+), (.*)\);(?:\s*\/\*\s*(.*?)\s*\*\/)?$/gm)].map(([, name, value, note]) => ({ name: name!, value: value!.trim(), note: note ?? '' }))
}

it('lists every CSS variable of keyward/forms.css with its default', () => {
  const rows = variables()
  expect(rows.map((row) => row.name)).toContain('--keyward-focus')
  const body = ['| variable | default | note |', '|---|---|---|', ...rows.map((row) => `| \`${row.name}\` | \`${row.value.replace(/\|/g, '\\|')}\` | ${row.note} |`)].join('\n')
  expectGeneratedSection(PAGE, 'variables', 'test/docs/theme-variables.test.ts', body)
})
