import { fileURLToPath } from 'node:url'
import { it } from 'vitest'
import { conformanceJourneys, journeysFor } from '../../src/testing/conformance.ts'
import { conformanceTargets } from '../support/conformance-targets.ts'
import { expectGeneratedSection } from './generated-section.ts'

// docs/conformance.md's table (adapter × journey) is generated from the journeys and each target's
// capabilities, the same list the e2e files run: a journey added, or an adapter that gains or loses a
// flow, fails this test until the page says so. `KEYWARD_WRITE_DOCS=1 npx vitest run test/docs` rewrites it.

const PAGE = fileURLToPath(new URL('../../docs/conformance.md', import.meta.url))

function table(): string {
  const targets = Object.values(conformanceTargets)
  const header = `| journey | ${targets.map((t) => t.name).join(' | ')} |`
  const rule = `|---|${targets.map(() => ':-:').join('|')}|`
  const rows = conformanceJourneys.map((journey) => {
    const cells = targets.map((t) => (journeysFor({ ...t, url: '', inbox: async () => '' }).includes(journey) ? 'runs' : 'not offered'))
    return `| \`${journey.id}\`: ${journey.title.replace(/</g, '&lt;').replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`
  })
  const files = `Run by ${[...new Set(targets.map((t) => t.file))].map((file) => `\`${file}\``).join(', ')} (in \`npm test\`): each journey that runs passes there, or the run fails.`
  return [header, rule, ...rows, '', files].join('\n')
}

it('the conformance table is what the journeys and the adapters offer', () => {
  expectGeneratedSection(PAGE, 'conformance-table', 'test/docs/conformance-table.test.ts', table())
})
