import { useId } from 'react'
import type { Session } from '../core/types.js'
import { useCapabilities } from '../react/useCapabilities.js'
import { useEmailVerification } from '../react/useAccount.js'
import { useSignUp } from '../react/useSignUp.js'
import { errorText, useLocalization } from './context.js'
import { format } from './localization.js'
import { FormRoot, LinkButton, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import { type FormProps, here } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface SignUpProps extends FormProps {
  onSignedIn?: ((session: Session) => void) | undefined
  /** Shows the "sign in" link; omit to hide it. */
  onSignIn?: (() => void) | undefined
  /** Where the verification link returns to. Default: this page. */
  redirectTo?: string | undefined
}

/** E-mail and password sign-up; shows "check your e-mail" when the server wants the address verified. */
export function SignUp({ onSignedIn, onSignIn, redirectTo, localization, classNames, focusOnMount }: SignUpProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const capabilities = useCapabilities()
  const signUp = useSignUp()
  const { send } = useEmailVerification()
  const { field, handleSubmit, submitting } = useFormFields({ email: 'email', password: 'newPassword' }, l)
  const email = signUp.variables?.email ?? ''

  if (signUp.needsEmailVerification) {
    return (
      <div data-keyward-form="" data-state="verify-email" className={classNames?.form}>
        <StepHeading focus className={classNames?.heading}>
          {l.signUp.verifyTitle}
        </StepHeading>
        <p data-keyward-text="">{format(l.signUp.verifyBody, { email })}</p>
        {capabilities.emailVerification && (
          <button type="button" data-keyward-secondary="" disabled={send.isPending} onClick={() => send.mutateAsync({ email, redirectTo: redirectTo ?? here() }).catch(() => {})}>
            {l.signUp.resend}
          </button>
        )}
        <LiveRegion tone={send.error ? 'error' : 'status'} message={send.error ? errorText(l, send.error) : send.isSuccess ? l.signUp.resent : null} className={classNames?.message} />
      </div>
    )
  }

  const submit = handleSubmit(async ({ email, password }) => {
    const result = await signUp.signUp({ email, password, redirectTo: redirectTo ?? here() })
    if (result.kind === 'session') onSignedIn?.(result.session)
  })
  if (signUp.data?.kind === 'session') return <LiveRegion tone="status" message={l.signedIn} className={classNames?.message} />
  return (
    <FormRoot state={submitting ? 'submitting' : signUp.error ? 'error' : 'idle'} aria-labelledby={headingId} onSubmit={submit} className={classNames?.form}>
      <StepHeading id={headingId} focus={focusOnMount} className={classNames?.heading}>
        {l.signUp.title}
      </StepHeading>
      <TextField field={field('email')} label={l.fields.email} type="email" autoComplete="username" inputMode="email" className={classNames?.field} />
      <TextField field={field('password')} label={l.fields.password} type="password" autoComplete="new-password" className={classNames?.field} />
      <LiveRegion tone="error" message={errorText(l, signUp.error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.signUp.submit} busyLabel={l.common.submitting} className={classNames?.submit} />
      {onSignIn && (
        <p data-keyward-footer="">
          {l.signUp.haveAccount}{' '}
          <LinkButton onClick={onSignIn} className={classNames?.link}>
            {l.signUp.signInLink}
          </LinkButton>
        </p>
      )}
    </FormRoot>
  )
}
