import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { authHero } from '../../src/backends/authhero/index.ts'
import { authJs } from '../../src/backends/authjs/index.ts'
import { betterAuth } from '../../src/backends/better-auth/index.ts'
import { credebl } from '../../src/backends/credebl/index.ts'
import { medusa } from '../../src/backends/medusa/index.ts'
import { nhost } from '../../src/backends/nhost/index.ts'
import { oidc } from '../../src/backends/oidc/index.ts'
import { replyke } from '../../src/backends/replyke/index.ts'
import { supabase } from '../../src/backends/supabase/index.ts'
import { type AuthBackend, type Capabilities, capabilitiesOf } from '../../src/index.ts'
import { expectGeneratedSection } from './generated-section.ts'

// The capability matrix of docs/backends.md is generated from the adapters' operations (capabilitiesOf) and
// checked here: an adapter that gains or loses an operation fails this test until the page says so.
// `KEYWARD_WRITE_DOCS=1 npx vitest run test/docs` rewrites the section.

const PAGE = fileURLToPath(new URL('../../docs/backends.md', import.meta.url))

const adapters: Array<[string, AuthBackend]> = [
  ['Nhost', nhost({ url: 'https://auth.example.com/v1' })],
  // with what its server can turn on (deleteAccount: user.deleteUser.enabled)
  ['better-auth', betterAuth({ url: 'https://auth.example.com/api/auth', deleteAccount: true })],
  ['Medusa (cookie or JWT)', medusa({ url: 'https://shop.example.com' })],
  ['OpenID Connect', oidc({ issuer: 'https://accounts.example.com', clientId: 'spa' })],
  ['AuthHero', authHero({ url: 'https://auth.example.com', clientId: 'spa' })],
  ['CREDEBL', credebl({ url: 'https://api.example.org', passwordKey: 'key' })],
  ['Replyke v6', replyke({ projectId: 'project', version: 'v6' })],
  ['Replyke v7', replyke({ projectId: 'project', version: 'v7' })],
  // every provider keyward drives on, and the app's sign-up route
  // with anonymous sign-ins, SMS codes and passkeys, where the project has them on
  ['Supabase', supabase({ url: 'https://project.supabase.co', anonKey: 'anon', anonymous: true, phone: true, passkeys: true, oauthProviders: ['github'] })],
  ['Auth.js', authJs({ email: 'resend', oauthProviders: ['github'], passkey: true, signUp: async () => {} })],
]

const ROWS: Array<[keyof Capabilities, string]> = [
  ['passwordSignIn', 'e-mail + password sign-in'],
  ['redirectSignIn', "sign-in on the server's page (redirect)"],
  ['signUp', 'sign-up'],
  ['refresh', 'token refresh (rotation where the server rotates)'],
  ['signOutEverywhere', 'sign out everywhere'],
  ['signOutOthers', 'sign out other devices'],
  ['emailVerification', 'e-mail verification'],
  ['mfaTotp', 'TOTP setup'],
  ['backupCodes', 'backup codes'],
  ['passkeys', 'passkeys'],
  ['passkeyManagement', 'list / remove passkeys'],
  ['passkeyRename', 'rename passkeys'],
  ['passkeySignUp', 'sign up with a passkey (no password)'],
  ['passwordReset', 'password reset'],
  ['changePassword', 'change password'],
  ['changeEmail', 'change e-mail'],
  ['magicLink', 'magic link'],
  ['emailOtp', 'e-mail code sign-in'],
  ['smsOtp', 'SMS code sign-in'],
  ['anonymous', 'anonymous (guest) sign-in'],
  ['sessions', 'list / revoke sessions'],
  ['personalAccessTokens', 'personal access tokens'],
  ['oauth', 'social providers (OAuth)'],
  ['elevation', 'step-up (elevation)'],
  ['accountLookup', 'account lookup (identifier-first sign-in)'],
  ['deleteAccount', 'delete own account'],
]

function matrix(): string {
  const header = `| flow | ${adapters.map(([name]) => name).join(' | ')} |`
  const rule = `|---|${adapters.map(() => ':-:').join('|')}|`
  const rows = ROWS.map(([capability, label]) => `| ${label} | ${adapters.map(([, backend]) => (capabilitiesOf(backend)[capability] ? '✓' : '—')).join(' | ')} |`)
  return [header, rule, ...rows].join('\n')
}

it("docs/backends.md's capability matrix is what the adapters' operations say", () => {
  expectGeneratedSection(PAGE, 'capability-matrix', 'test/docs/capability-matrix.test.ts', matrix())
  // every capability has a row
  expect(ROWS.map(([capability]) => capability).sort()).toEqual(Object.keys(capabilitiesOf(adapters[0]![1])).sort())
})
