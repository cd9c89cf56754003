import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// docs/forms.md shows the forms' screenshots (refreshed by `npm run screenshots`): every picture it
// names is in the repository, and every picture there is shown.
const docs = fileURLToPath(new URL('../../docs/', import.meta.url))

it('docs/forms.md shows every screenshot in docs/screenshots, and only those', () => {
  const named = [...readFileSync(`${docs}forms.md`, 'utf8').matchAll(/src="screenshots\/([^"]+)"/g)].map((m) => m[1]!)
  expect(named.length).toBeGreaterThanOrEqual(45)
  expect(named.filter((file) => !existsSync(`${docs}screenshots/${file}`))).toEqual([])
  expect(readdirSync(`${docs}screenshots`).filter((file) => !named.includes(file))).toEqual([])
})
