import { useEffect, useId, useState } from 'react'
import { emailSchema, oneTimeCodeSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { format, languageOf } from './localization.js'
import { Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import type { EmailedSignInProps } from './shared.js'
import { StatusCard } from './steps.js'
import { MfaChallenge } from './MfaChallenge.js'
import { type Session, useCapabilities, usePasswordless, useSignIn } from '../index.js'

/** A new code is sent from the code step. */
export interface EmailCodeSignInProps extends EmailedSignInProps {
  onSignedIn?: ((session: Session) => void) | undefined
}

/**
 * Sign-in with a one-time code sent by e-mail: the address, then the code (where the backend has
 * `capabilities.emailOtp`: Nhost, AuthHero). `<SignIn />` links to it. Renders nothing elsewhere.
 *
 * @example
 * <EmailCodeSignIn onSignedIn={() => navigate('/')} />
 */
export function EmailCodeSignIn({ email = '', onSignedIn, onBack, localization, classNames, focusOnMount, headingLevel, header }: EmailCodeSignInProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { emailOtp } = usePasswordless()
  const signIn = useSignIn()
  const capabilities = useCapabilities()
  // the address the code went to: the code step
  const [sentTo, setSentTo] = useState<string | null>(null)
  const { form, submit, regionText } = useAuthForm({
    l,
    defaultValues: { email, code: '' },
    schema: sentTo ? oneTimeCodeSchema : emailSchema,
  })
  useEffect(() => {
    if (sentTo) form.setFocus('code')
  }, [sentTo]) // eslint-disable-line react-hooks/exhaustive-deps -- on a step change
  if (!capabilities.emailOtp) return null
  const frame = { header, headingLevel, classNames, localization: l }
  if (signIn.step === 'mfa') return <MfaChallenge onSignedIn={onSignedIn} {...frame} focusOnMount onBack={() => setSentTo(null)} />
  if (emailOtp.verify.data?.kind === 'session') return <StatusCard {...frame} state="success" step="done" title={l.signedIn} />
  // in the code step, a failed resend shows too
  const error = sentTo ? (emailOtp.verify.error ?? emailOtp.send.error) : emailOtp.send.error
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : error ? 'error' : 'idle'}
        step={sentTo ? 'code' : 'email'}
        aria-labelledby={headingId}
        onSubmit={submit(async ({ email, code }) => {
          if (!sentTo) {
            await emailOtp.send.mutateAsync(email)
            form.setValue('code', '')
            setSentTo(email)
            return
          }
          const result = await emailOtp.verify.mutateAsync({ email: sentTo, otp: code })
          // a user with two-step verification owes the code next: the sign-in flow's mfa step
          if (result.kind === 'session') onSignedIn?.(result.session)
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.emailCode.title}
        </Heading>
        {sentTo ? (
          <>
            <p data-keyward-text="" role="status">
              {format(l.emailCode.sent, { email: sentTo })}
            </p>
            <TextField key="code" required name="code" label={l.fields.code} autoComplete="one-time-code" inputMode="numeric" fieldClassName={classNames?.field} />
          </>
        ) : (
          <TextField key="email" required name="email" label={l.fields.email} type="email" autoComplete="username" inputMode="email" fieldClassName={classNames?.field} />
        )}
        <Message tone="error" message={regionText(error)} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {sentTo ? l.signIn.submit : l.emailCode.send}
        </SubmitButton>
        {sentTo && (
          <LinkButton
            onClick={() => {
              emailOtp.verify.reset()
              emailOtp.send.mutate(sentTo)
            }}
            className={classNames?.link}
          >
            {l.emailCode.resend}
          </LinkButton>
        )}
        {onBack && (
          <LinkButton onClick={onBack} className={classNames?.link}>
            {l.common.back}
          </LinkButton>
        )}
      </Form>
    </FormProvider>
  )
}
