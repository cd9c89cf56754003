import { configure } from '@testing-library/react'
import { afterEach, expect } from 'vitest'
import { nhostContract } from '../contract/nhost/checker.ts'
import { takeCheckedBackends, useContractChecker } from './backend.tsx'

// Every test file: each backend a test wires checks its own traffic against the Nhost contract, and
// the test fails if anything it sent or accepted did not match, or if a request reached the server
// around the checker.
useContractChecker((basePath) => nhostContract(basePath))

// a test's URL (<AuthFlow />'s view, a link it opened) never reaches the next test in the file
const firstUrl = typeof window === 'undefined' ? undefined : window.location.href
afterEach(() => {
  if (firstUrl !== undefined && window.location.href !== firstUrl) window.history.replaceState(null, '', firstUrl)
})

afterEach(() => {
  const backends = takeCheckedBackends()
  expect(backends.flatMap(({ contract }) => contract.violations), 'requests or replies off the Nhost contract').toEqual([])
  expect(backends.map(({ unchecked }) => unchecked()), 'requests that bypassed the contract checker').toEqual(backends.map(() => 0))
})

// findBy… and waitFor wait for what a real server answers: a password hash or a sign-in takes about a
// second on a busy CI machine (better-auth's scrypt), past testing-library's default of 1 s. Within the
// test timeout (vite.config.ts), no assertion here depends on how fast it comes.
configure({ asyncUtilTimeout: 10_000 })
