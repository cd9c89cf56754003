import { useId, useState } from 'react'
import { backupCodeSchema, totpCodeSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { useAuthForm } from './form.js'
import { Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import type { FormProps } from './shared.js'
import { type Session, useSignIn } from '../index.js'

export interface MfaChallengeProps extends FormProps {
  /**
   * The ticket of a sign-in that answered `{ kind: 'mfa' }` outside `useSignIn()` (where the server gave
   * one). Not needed after `<SignIn />` or `useSignIn().signIn`: the flow holds the challenge.
   */
  ticket?: string | undefined
  onSignedIn?: ((session: Session) => void) | undefined
  /**
   * "Back" below the form: gives up this sign-in (the flow starts over) and calls this, where the
   * first step is shown again. `<SignIn />` and `<EmailCodeSignIn />` pass it; `false` hides it.
   */
  onBack?: (() => void) | false | undefined
}

/**
 * The second step of a sign-in: the code from the authenticator app, or one of the backup codes
 * where the server offers them. Reads the same sign-in flow as `<SignIn />` and `useSignIn()`.
 */
export function MfaChallenge({ ticket, onSignedIn, onBack, localization, classNames, focusOnMount, headingLevel, header }: MfaChallengeProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const flow = useSignIn()
  const [backup, setBackup] = useState(false)
  const offersBackup = (flow.mfa?.methods ?? []).includes('backup-code')
  const { form, submit, regionText } = useAuthForm({
    l,
    defaultValues: { code: '' },
    schema: backup ? backupCodeSchema : totpCodeSchema,
    describe: (error) => (backup && (error.code === 'invalid-totp' || error.code === 'invalid-otp') ? l.mfa.wrongBackupCode : undefined),
  })
  const toggle = () => {
    form.reset({ code: '' })
    setBackup(!backup)
  }
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : flow.error ? 'error' : 'idle'}
        step={backup ? 'backup-code' : 'totp'}
        aria-labelledby={headingId}
        onSubmit={submit(async ({ code }) => {
          const options = ticket === undefined ? undefined : { ticket }
          const session = await (backup ? flow.verifyBackupCode(code, options) : flow.verifyTotp(code.replace(/\s/g, ''), options))
          // not `onSignedIn?.(await …)`: an optional call skips its arguments when there is no callback
          onSignedIn?.(session)
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.mfa.challengeTitle}
        </Heading>
        <p data-keyward-text="">{backup ? l.mfa.backupCodeBody : l.mfa.challengeBody}</p>
        {backup ? (
          <TextField key="backup" required name="code" label={l.fields.backupCode} autoComplete="one-time-code" fieldClassName={classNames?.field} />
        ) : (
          <TextField key="totp" required name="code" label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" fieldClassName={classNames?.field} />
        )}
        <Message tone="error" message={regionText(flow.error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.mfa.submit}
        </SubmitButton>
        {offersBackup && (
          <LinkButton onClick={toggle} className={classNames?.link}>
            {backup ? l.mfa.useApp : l.mfa.useBackupCode}
          </LinkButton>
        )}
        {onBack && (
          <LinkButton
            onClick={() => {
              flow.reset()
              onBack()
            }}
            className={classNames?.link}
          >
            {l.common.back}
          </LinkButton>
        )}
      </Form>
    </FormProvider>
  )
}
