import type { AuthBackend, Capabilities } from './backend.js'

/**
 * Which operation (or declared data) each capability stands for: the one table from which capabilities are derived and
 * through which they are turned off (`withoutCapabilities`). `group.method`, or a top-level method.
 */
const OPERATIONS: Readonly<Record<keyof Capabilities, string>> = {
  passwordSignIn: 'signInWithPassword',
  redirectSignIn: 'signInWithRedirect',
  signUp: 'signUp',
  refresh: 'refresh',
  signOutEverywhere: 'signOutEverywhere',
  emailVerification: 'email.sendVerification',
  mfaTotp: 'mfa.setupTotp',
  backupCodes: 'mfa.verifyBackupCode',
  passkeys: 'passkey.signInOptions',
  passwordReset: 'password.requestReset',
  changePassword: 'password.change',
  changeEmail: 'email.change',
  magicLink: 'passwordless.magicLink',
  emailOtp: 'passwordless.emailOtpStart',
  smsOtp: 'passwordless.smsStart',
  anonymous: 'anonymous.signIn',
  sessions: 'sessions.list',
  passkeyManagement: 'passkey.list',
  personalAccessTokens: 'pat.create',
  oauth: 'oauth.providerUrl',
  elevation: 'elevationClaim',
  accountLookup: 'accountExists',
}

const derived = new WeakMap<AuthBackend, Capabilities>()

/** What `backend` offers: a capability is on exactly when its operation is present. */
export function capabilitiesOf(backend: AuthBackend): Capabilities {
  let capabilities = derived.get(backend)
  if (!capabilities) {
    const entries = Object.entries(OPERATIONS).map(([capability, path]) => {
      const [group, method] = path.split('.') as [string, string | undefined]
      const value = (backend as unknown as Record<string, Record<string, unknown> | undefined>)[group]
      const found = method ? value?.[method] : value
      // an operation, or (the elevation claim) its data
      return [capability, typeof found === 'function' || Array.isArray(found)]
    })
    derived.set(backend, (capabilities = Object.freeze(Object.fromEntries(entries)) as Capabilities))
  }
  return capabilities
}

/**
 * `backend` without the operations behind `off`: for a server with some features turned off (sign-up
 * closed, no magic links). Forms then hide them and hooks refuse them as `unsupported`.
 *
 * @example
 * const backend = withoutCapabilities(nhost({ url }), ['signUp', 'smsOtp'])
 */
export function withoutCapabilities(backend: AuthBackend, off: readonly (keyof Capabilities)[]): AuthBackend {
  const copy: Record<string, unknown> = { ...backend }
  for (const capability of off) {
    const [group, method] = (OPERATIONS[capability] ?? '').split('.') as [string, string | undefined]
    if (!method) delete copy[group]
    else if (copy[group]) copy[group] = { ...(copy[group] as object), [method]: undefined }
  }
  return copy as unknown as AuthBackend
}
