import { keepRedirectState } from './redirect-state.js'
import { stopPasskeyAutofill } from './autofill.js'
import type { PasswordCredentials, SignInResult, SignUpInput, SignUpResult } from './backend.js'
import { AuthError, AuthErrorCode } from './errors.js'
import * as check from './input.js'
import type { SessionKeeper } from './session.js'

/**
 * A flow's result: a session is completed, stored and published; a redirect's state is kept for the
 * way back (`handleAuthRedirect`); other steps pass through.
 */
async function adoptResult<R extends SignInResult | SignUpResult>(keeper: SessionKeeper, result: R): Promise<R> {
  if (result.kind === 'redirect') keepRedirectState(keeper.name, result.state)
  if (result.kind !== 'session') return result
  return { ...result, session: await keeper.adopt(result.session) }
}

const unsupported = (keeper: SessionKeeper, what: string) => new AuthError(AuthErrorCode.Unsupported, `${keeper.backend.id} has no ${what}`)

/** Signs in with e-mail and password: a session, or the next step (a second factor, a verification). */
export async function signInWithPassword(keeper: SessionKeeper, input: PasswordCredentials): Promise<SignInResult> {
  const given = check.fields(input)
  const credentials = { email: check.email(given.email), password: check.password(given.password) }
  const signIn = keeper.backend.signIn
  if (!signIn?.withPassword) throw unsupported(keeper, 'password sign-in')
  stopPasskeyAutofill()
  return adoptResult(keeper, await signIn.withPassword(credentials, keeper.context()))
}

/** Creates an account: a session, or the verification it waits for. `checkRedirect`: the allowlist's check. */
export async function signUp(keeper: SessionKeeper, checkRedirect: (redirectTo: unknown) => Promise<string | undefined>, input: SignUpInput): Promise<SignUpResult> {
  const { backend } = keeper
  const given = check.fields(input)
  const checked: SignUpInput = { email: check.email(given.email), password: check.password(given.password) }
  const displayName = check.optionalText(given.displayName, 'displayName')
  const locale = check.optionalText(given.locale, 'locale', 16)
  const metadata = check.metadata(given.metadata)
  if (displayName !== undefined) checked.displayName = displayName
  if (locale !== undefined) checked.locale = locale
  if (metadata !== undefined) checked.metadata = metadata
  const signUpFields = check.signUpFields(given.fields, backend.signUp?.fields)
  if (signUpFields !== undefined) checked.fields = signUpFields
  const signUpOperations = backend.signUp
  if (!signUpOperations?.withPassword) throw unsupported(keeper, 'sign-up')
  // the verification e-mail's link leads to redirectTo: the same allowlist as every other link
  const redirectTo = await checkRedirect(given.redirectTo)
  if (redirectTo !== undefined) checked.redirectTo = redirectTo
  return adoptResult(keeper, await signUpOperations.withPassword(checked, keeper.context()))
}
