import type { AuthBackend, Capabilities, OperationPath } from './backend.js'

/**
 * Which operation (or declared trait) each capability stands for: the one table from which
 * capabilities are derived and through which they are turned off (`withoutCapabilities`). The paths
 * are typed: a name the contract does not have does not compile.
 */
const OPERATIONS: Readonly<Record<keyof Capabilities, OperationPath | 'traits.elevationClaim'>> = {
  passwordSignIn: 'signIn.withPassword',
  redirectSignIn: 'signIn.withRedirect',
  signUp: 'signUp.withPassword',
  refresh: 'session.refresh',
  signOutEverywhere: 'session.signOutEverywhere',
  signOutOthers: 'session.signOutOthers',
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
  sessions: 'devices.list',
  passkeyManagement: 'passkey.list',
  passkeyRename: 'passkey.rename',
  passkeySignUp: 'passkey.signUpOptions',
  personalAccessTokens: 'pat.create',
  oauth: 'oauth.providerUrl',
  elevation: 'traits.elevationClaim',
  accountLookup: 'signIn.accountExists',
  deleteAccount: 'account.delete',
}

const derived = new WeakMap<AuthBackend, Capabilities>()

const split = (path: string) => path.split('.') as [string, string]

/** What `backend` offers: a capability is on exactly when its operation (or the declared trait) is present. */
export function capabilitiesOf(backend: AuthBackend): Capabilities {
  let capabilities = derived.get(backend)
  if (!capabilities) {
    const entries = Object.entries(OPERATIONS).map(([capability, path]) => {
      const [group, method] = split(path)
      const found = (backend as unknown as Record<string, Record<string, unknown> | undefined>)[group]?.[method]
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
    const path = OPERATIONS[capability]
    if (!path) continue
    const [group, method] = split(path)
    if (copy[group]) copy[group] = { ...(copy[group] as object), [method]: undefined }
  }
  return copy as unknown as AuthBackend
}
