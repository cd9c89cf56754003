import { useEffect, useId } from 'react'
import { isAuthError } from '../core/errors.js'
import type { Session } from '../core/types.js'
import { useCapabilities } from '../react/useCapabilities.js'
import { usePasskey } from '../react/usePasskey.js'
import { useSignIn } from '../react/useSignIn.js'
import { errorText, useLocalization } from './context.js'
import { MfaChallenge } from './MfaChallenge.js'
import { FormRoot, LinkButton, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface SignInProps extends FormProps {
  onSignedIn?: ((session: Session) => void) | undefined
  /** Shows the "create one" link; omit to hide it. */
  onSignUp?: (() => void) | undefined
  /** Shows the "forgot password" link; omit to hide it. */
  onForgotPassword?: (() => void) | undefined
  /** Offer passkeys (button and e-mail autofill) where the backend and browser can. Default true. */
  passkeys?: boolean | undefined
}

/**
 * E-mail and password sign-in, with a passkey button, passkeys in the e-mail field's autofill, and
 * the two-step code when the account asks for one.
 *
 * @example
 * <SignIn onSignedIn={() => navigate('/')} onSignUp={() => navigate('/sign-up')} />
 */
export function SignIn({ onSignedIn, onSignUp, onForgotPassword, passkeys = true, localization, classNames, focusOnMount }: SignInProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const capabilities = useCapabilities()
  const signIn = useSignIn()
  const passkey = usePasskey()
  const { field, handleSubmit, submitting } = useFormFields({ email: 'email', password: 'password' }, l)
  const canPasskey = passkeys && capabilities.passkeys && passkey.isSupported
  const autofill = passkey.autofill
  // "done" is the session store's word (through the flow): it ends when the session does
  const finished = (session: Session) => onSignedIn?.(session)

  useEffect(() => {
    if (!canPasskey || !passkey.isAutofillSupported) return
    // one conditional request per mount: the cleanup aborts it, so a remount (StrictMode) never
    // leaves a second one that could sign in twice
    const controller = new AbortController()
    autofill.mutateAsync({ signal: controller.signal }).then((session) => session && finished(session), () => {})
    return () => controller.abort()
  }, [canPasskey, passkey.isAutofillSupported]) // eslint-disable-line react-hooks/exhaustive-deps -- one conditional request per mount

  if (signIn.step === 'done') return <LiveRegion tone="status" message={l.signedIn} className={classNames?.message} />
  if (signIn.step === 'mfa') return <MfaChallenge onSignedIn={finished} localization={l} classNames={classNames} focusOnMount />

  const submit = handleSubmit(async ({ email, password }) => {
    const result = await signIn.signIn({ email, password })
    if (result.kind === 'session') onSignedIn?.(result.session)
  })
  const passkeyError = [passkey.signIn.error, autofill.error].find((e) => e && !isAuthError(e, 'aborted'))
  const error = signIn.error ?? passkeyError
  const state = submitting || passkey.signIn.isPending ? 'submitting' : error ? 'error' : 'idle'

  return (
    <FormRoot state={state} aria-labelledby={headingId} onSubmit={submit} className={classNames?.form}>
      <StepHeading id={headingId} focus={focusOnMount} className={classNames?.heading}>
        {l.signIn.title}
      </StepHeading>
      <TextField field={field('email')} label={l.fields.email} type="email" autoComplete={canPasskey ? 'username webauthn' : 'username'} inputMode="email" className={classNames?.field} />
      <TextField field={field('password')} label={l.fields.password} type="password" autoComplete="current-password" className={classNames?.field} />
      {onForgotPassword && capabilities.passwordReset && (
        <LinkButton onClick={onForgotPassword} className={classNames?.link}>
          {l.signIn.forgotPassword}
        </LinkButton>
      )}
      <LiveRegion tone="error" message={errorText(l, error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.signIn.submit} busyLabel={l.common.submitting} className={classNames?.submit} />
      {canPasskey && (
        <button
          type="button"
          data-keyward-passkey=""
          data-state={passkey.signIn.isPending ? 'submitting' : 'idle'}
          disabled={passkey.signIn.isPending}
          onClick={() =>
            passkey.signIn.mutateAsync().then(finished, () => {})
          }
        >
          {l.signIn.passkey}
        </button>
      )}
      {onSignUp && capabilities.signUp && (
        <p data-keyward-footer="">
          {l.signIn.noAccount}{' '}
          <LinkButton onClick={onSignUp} className={classNames?.link}>
            {l.signIn.signUpLink}
          </LinkButton>
        </p>
      )}
    </FormRoot>
  )
}
