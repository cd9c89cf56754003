import { useId, useState } from 'react'
import type { Session } from '../core/types.js'
import { useSignIn } from '../react/useSignIn.js'
import { errorText, useLocalization } from './context.js'
import { FormRoot, LinkButton, LiveRegion, StepHeading, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { useFormFields } from './useFormFields.js'

export interface MfaChallengeProps extends FormProps {
  /**
   * The ticket of a sign-in that answered `{ kind: 'mfa' }` outside `useSignIn()` (where the server gave
   * one). Not needed after `<SignIn />` or `useSignIn().signIn`: the flow holds the challenge.
   */
  ticket?: string | undefined
  onSignedIn?: ((session: Session) => void) | undefined
}

/**
 * The second step of a sign-in: the code from the authenticator app, or one of the backup codes
 * where the server offers them. Reads the same sign-in flow as `<SignIn />` and `useSignIn()`.
 */
export function MfaChallenge({ ticket, onSignedIn, localization, classNames, focusOnMount }: MfaChallengeProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const flow = useSignIn()
  const [backup, setBackup] = useState(false)
  const offersBackup = flow.mfaMethods.includes('backup-code')
  const { field, handleSubmit, submitting } = useFormFields({ code: backup ? 'required' : 'code' }, l)
  const submit = handleSubmit(async ({ code }) => {
    const options = ticket === undefined ? undefined : { ticket }
    const session = await (backup ? flow.verifyBackupCode(code, options) : flow.verifyTotp(code, options))
    // not `onSignedIn?.(await …)`: an optional call skips its arguments when there is no callback
    onSignedIn?.(session)
  })
  return (
    <FormRoot state={submitting ? 'submitting' : flow.error ? 'error' : 'idle'} aria-labelledby={headingId} onSubmit={submit} className={classNames?.form}>
      <StepHeading id={headingId} focus={focusOnMount} className={classNames?.heading}>
        {l.mfa.challengeTitle}
      </StepHeading>
      <p data-keyward-text="">{backup ? l.mfa.backupCodeBody : l.mfa.challengeBody}</p>
      {backup ? (
        <TextField key="backup" field={field('code')} label={l.fields.backupCode} autoComplete="one-time-code" className={classNames?.field} />
      ) : (
        <TextField key="totp" field={field('code')} label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" className={classNames?.field} />
      )}
      <LiveRegion tone="error" message={errorText(l, flow.error)} className={classNames?.message} />
      <SubmitButton submitting={submitting} label={l.mfa.submit} busyLabel={l.common.submitting} className={classNames?.submit} />
      {offersBackup && (
        <LinkButton onClick={() => setBackup(!backup)} className={classNames?.link}>
          {backup ? l.mfa.useApp : l.mfa.useBackupCode}
        </LinkButton>
      )}
    </FormRoot>
  )
}
