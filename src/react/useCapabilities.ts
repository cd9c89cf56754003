import type { Capabilities, OAuthProvider, SignUpField } from '../core/backend.js'
import { capabilitiesOf } from '../core/capabilities.js'
import { useAuthClient } from './context.js'

/**
 * What the backend behind the nearest `<AuthProvider>` can do (derived from the operations it has):
 * render a flow only where it exists.
 *
 * @example
 * const { passwordReset } = useCapabilities()
 * {passwordReset && <a href="/forgot">Forgot password?</a>}
 */
export function useCapabilities(): Readonly<Capabilities> {
  return capabilitiesOf(useAuthClient().backend)
}

/** What the backend's forms must ask for and check: its password rules and its extra sign-up fields. */
export interface FormRules {
  /** `AuthBackend.passwordPolicy`: the lengths a new password must have. */
  passwordPolicy: { minLength?: number | undefined; maxLength?: number | undefined }
  /** `AuthBackend.signUpFields`: what a sign-up asks for besides e-mail and password. */
  signUpFields: readonly SignUpField[]
  /** Whether a password change needs the current password (`password.changeNeedsCurrent`). */
  changePasswordNeedsCurrent: boolean
  /** Whether deleting the account needs the current password (`account.deleteNeedsPassword`). */
  deleteAccountNeedsPassword: boolean
  /** `OAuthOperations.providers`: the social providers a sign-in offers, in order. */
  oauthProviders: ReadonlyArray<string | OAuthProvider>
  /** `AuthBackend.displayName` (else its id): the server a "Continue with …" sign-in page belongs to. */
  serverName: string
}

/**
 * The rules a form for the backend behind the nearest `<AuthProvider>` follows, for an app's own
 * forms as for keyward's.
 *
 * @example
 * const { passwordPolicy } = useFormRules()
 * <input type="password" minLength={passwordPolicy.minLength} maxLength={passwordPolicy.maxLength} />
 */
export function useFormRules(): FormRules {
  const { backend } = useAuthClient()
  return {
    passwordPolicy: backend.traits.passwordPolicy ?? {},
    signUpFields: backend.signUp?.fields ?? [],
    changePasswordNeedsCurrent: backend.password?.changeNeedsCurrent === true,
    deleteAccountNeedsPassword: backend.account?.deleteNeedsPassword === true,
    oauthProviders: backend.oauth?.providers ?? [],
    serverName: backend.traits.displayName ?? backend.id,
  }
}
