import { useEffect, useId, useState } from 'react'
import { FormProvider } from 'react-hook-form'
import { type AuthError, isAuthError } from '../core/errors.js'
import type { Session } from '../core/types.js'
import { useCapabilities, useFormRules } from '../react/useCapabilities.js'
import { usePasskeySignIn } from '../react/usePasskey.js'
import { useSignIn } from '../react/useSignIn.js'
import { errorText, useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { MfaChallenge } from './MfaChallenge.js'
import { PasskeyButton } from './Passkeys.js'
import { Divider, Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import type { Localization } from './localization.js'
import type { StandardSchema } from './standard-schema.js'
import { StatusCard } from './steps.js'

export interface SignInProps extends FormProps {
  onSignedIn?: ((session: Session) => void) | undefined
  /** Shows the "create one" link; omit to hide it. */
  onSignUp?: (() => void) | undefined
  /** Shows the "forgot password" link; omit to hide it. */
  onForgotPassword?: (() => void) | undefined
  /** Offer passkeys (button and e-mail autofill) where the backend and browser can. Default true. */
  passkeys?: boolean | undefined
  /** Replaces `signInSchema` (any Standard Schema over `{ email, password }`). */
  schema?: StandardSchema | undefined
}

/**
 * E-mail and password sign-in, with a passkey button, passkeys in the e-mail field's autofill, and
 * the two-step code when the account asks for one.
 *
 * @example
 * <SignIn onSignedIn={() => navigate('/')} onSignUp={() => navigate('/sign-up')} />
 */
export function SignIn({ onSignedIn, onSignUp, onForgotPassword, passkeys = true, schema, localization, classNames, focusOnMount, headingLevel, header }: SignInProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const capabilities = useCapabilities()
  const signIn = useSignIn()
  const passkey = usePasskeySignIn()
  const { maxLength } = useFormRules().passwordPolicy
  const { form, submit, regionText } = useAuthForm({
    l,
    defaultValues: { email: '', password: '' },
    schema: schema ?? ((s) => s.signInSchema),
    // only the upper limit: accounts made under an older, shorter minimum still sign in
    policy: { fields: ['password'], maxLength },
  })
  const [passkeyError, setPasskeyError] = useState<AuthError | null>(null)
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

  if (signIn.step === 'done') return <SignedInCard l={l} header={header} headingLevel={headingLevel} classNames={classNames} />
  if (signIn.step === 'mfa') return <MfaChallenge onSignedIn={finished} localization={l} classNames={classNames} headingLevel={headingLevel} header={header} focusOnMount />

  const autofillError = autofill.error && !isAuthError(autofill.error, 'aborted') ? autofill.error : null
  const ownError = passkeyError ?? autofillError
  const error = signIn.error ?? ownError
  const submitting = form.formState.isSubmitting
  return (
    <FormProvider {...form}>
      <Form
        header={header}
        state={submitting ? 'submitting' : error ? 'error' : 'idle'}
        step="credentials"
        aria-labelledby={headingId}
        onSubmit={submit(async ({ email, password }) => {
          setPasskeyError(null)
          const result = await signIn.signIn({ email, password })
          if (result.kind === 'session') onSignedIn?.(result.session)
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.signIn.title}
        </Heading>
        {canPasskey && (
          <>
            <PasskeyButton
              localization={l}
              onClick={() => setPasskeyError(null)}
              onSignedIn={finished}
              onError={setPasskeyError}
            />
            <Divider>{l.common.or}</Divider>
          </>
        )}
        <TextField name="email" label={l.fields.email} type="email" autoComplete={canPasskey ? 'username webauthn' : 'username'} inputMode="email" fieldClassName={classNames?.field} />
        <TextField name="password" label={l.fields.password} type="password" autoComplete="current-password" fieldClassName={classNames?.field} />
        {onForgotPassword && capabilities.passwordReset && (
          <LinkButton onClick={onForgotPassword} className={classNames?.link} data-keyward-forgot="">
            {l.signIn.forgotPassword}
          </LinkButton>
        )}
        <Message tone="error" message={error === ownError ? errorText(l, error) : regionText(error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.signIn.submit}
        </SubmitButton>
        {onSignUp && capabilities.signUp && (
          <p data-keyward-footer="">
            {l.signIn.noAccount}{' '}
            <LinkButton onClick={onSignUp} className={classNames?.link}>
              {l.signIn.signUpLink}
            </LinkButton>
          </p>
        )}
      </Form>
    </FormProvider>
  )
}

/** The end of a sign-in or sign-up, in the card. */
export const SignedInCard = ({ l, ...frame }: Pick<FormProps, 'header' | 'headingLevel' | 'classNames'> & { l: Localization }) => (
  <StatusCard {...frame} state="success" step="done" title={l.signedIn} />
)
