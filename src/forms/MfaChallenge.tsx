import { useId } from 'react'
import { verifyTotp } from '../core/flows/mfa-verify.js'
import type { Session } from '../core/types.js'
import { useAuthMutation } from '../react/useAuthMutation.js'
import { errorText, useLocalization } from './context.js'
import { FormRoot, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface MfaChallengeProps extends FormProps {
  /** The ticket from a sign-in that answered `{ kind: 'mfa' }`, where the server gave one. */
  ticket?: string | undefined
  onSignedIn?: ((session: Session) => void) | undefined
}

/** The second step of a sign-in: the code from the authenticator app. */
export function MfaChallenge({ ticket, onSignedIn, localization, classNames, focusOnMount }: MfaChallengeProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const verify = useAuthMutation((client, code: string) => verifyTotp(client, { ticket, code }))
  const { field, handleSubmit, submitting } = useFormFields({ code: 'code' }, l)
  const submit = handleSubmit(async ({ code }) => {
    // not `onSignedIn?.(await …)`: an optional call skips its arguments when there is no callback
    const session = await verify.mutateAsync(code)
    onSignedIn?.(session)
  })
  return (
    <FormRoot state={submitting ? 'submitting' : verify.error ? 'error' : 'idle'} aria-labelledby={headingId} onSubmit={submit} className={classNames?.form}>
      <StepHeading id={headingId} focus={focusOnMount} className={classNames?.heading}>
        {l.mfa.challengeTitle}
      </StepHeading>
      <p data-keyward-text="">{l.mfa.challengeBody}</p>
      <TextField field={field('code')} label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" className={classNames?.field} />
      <LiveRegion tone="error" message={errorText(l, verify.error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.mfa.submit} busyLabel={l.common.submitting} className={classNames?.submit} />
    </FormRoot>
  )
}
