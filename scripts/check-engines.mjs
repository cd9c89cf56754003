// Checks that every package the lockfile installs accepts the oldest Node.js that package.json's
// `engines` (and the README) promise, so `npm install` never warns EBADENGINE there.
import { readFileSync } from 'node:fs'
import semver from 'semver'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'))
const oldest = semver.minVersion(manifest.engines.node)
if (!oldest) throw new Error(`package.json engines.node is not a range: ${manifest.engines.node}`)

const refusing = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== '' && typeof entry.engines?.node === 'string')
  // optional packages for other platforms are never installed here
  .filter(([, entry]) => !(entry.optional && (entry.os || entry.cpu)))
  .filter(([, entry]) => !semver.satisfies(oldest, entry.engines.node, { includePrerelease: true }))
  .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${entry.engines.node}`)

if (refusing.length) {
  console.error(`engines.node promises ${manifest.engines.node}, but these packages refuse Node ${oldest}:\n  ${refusing.join('\n  ')}`)
  process.exit(1)
}
console.log(`engines: every locked package accepts Node ${oldest} (engines.node ${manifest.engines.node})`)
