import { type ReactNode, useEffect, useId } from 'react'
import { FormProvider } from 'react-hook-form'
import { isAuthError } from '../core/errors.js'
import type { Session } from '../core/types.js'
import { useEmailVerification } from '../react/useAccount.js'
import { errorText, useLocalization } from './context.js'
import { useCapabilities } from '../react/useCapabilities.js'
import { useAuthForm } from './form.js'
import { Card, Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import { type FormProps, here } from './shared.js'

export interface VerifyEmailProps extends FormProps {
  onVerified?: ((session: Session) => void) | undefined
  /** Where a new link (asked for here when this one is spent) returns to. Default: this page. */
  redirectTo?: string | undefined
  /** Shows a "Continue" link after the address is verified. */
  onContinue?: (() => void) | undefined
}

/**
 * The page the verification link opens: verifies the address (signing the user in where the backend
 * does) and cleans the address bar. Opened without a link, or with a spent or expired one, it says so
 * and offers to send a new link.
 */
export function VerifyEmail({ onVerified, redirectTo, onContinue, localization, classNames, focusOnMount, headingLevel, header }: VerifyEmailProps) {
  const l = useLocalization(localization)
  const { handleRedirect } = useEmailVerification()
  useEffect(() => {
    handleRedirect.mutateAsync().then((landed) => {
      if (landed?.kind === 'signedIn') onVerified?.(landed.session)
    }, () => {})
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, on arrival
  const heading = (
    <Heading level={headingLevel} focusOnMount={focusOnMount || !handleRedirect.isPending} className={classNames?.heading}>
      {l.verifyEmail.title}
    </Heading>
  )
  if (handleRedirect.isIdle || handleRedirect.isPending) {
    return (
      <Card header={header} step="verifying" className={classNames?.form}>
        {heading}
        <Message tone="status" message={l.verifyEmail.verifying} className={classNames?.message} />
      </Card>
    )
  }
  if (handleRedirect.isSuccess && handleRedirect.data) {
    return (
      <Card header={header} state="success" step="done" className={classNames?.form}>
        {heading}
        <Message tone="status" message={l.verifyEmail.done} className={classNames?.message} />
        {onContinue && (
          <LinkButton onClick={onContinue} className={classNames?.link}>
            {l.verifyEmail.continue}
          </LinkButton>
        )}
      </Card>
    )
  }
  // no link in the address, or a link the server refused
  const error = handleRedirect.error
  const reason = !error ? l.verifyEmail.noLink : isAuthError(error, 'invalid-ticket') ? l.verifyEmail.expired : errorText(l, error)
  return <Resend reason={reason} redirectTo={redirectTo} header={header} heading={heading} localization={l} classNames={classNames} />
}

/** Without a usable link: why, and a form that sends a new one. */
function Resend({ reason, redirectTo, header, heading, localization, classNames }: FormProps & { reason: string | null; redirectTo: string | undefined; heading: ReactNode }) {
  const l = useLocalization(localization)
  const id = useId()
  const capabilities = useCapabilities()
  const { send } = useEmailVerification()
  const { form, submit, regionText } = useAuthForm({ l, defaultValues: { email: '' }, schema: (s) => s.emailSchema })
  if (!capabilities.emailVerification) {
    return (
      <Card header={header} state="error" step="invalid-link" className={classNames?.form}>
        {heading}
        <Message tone="error" message={reason} className={classNames?.message} />
      </Card>
    )
  }
  return (
    <FormProvider {...form}>
      <Form header={header}
        state={form.formState.isSubmitting ? 'submitting' : send.isSuccess ? 'success' : 'error'}
        step="resend"
        aria-labelledby={id}
        onSubmit={submit(({ email }) => send.mutateAsync({ email, redirectTo: redirectTo ?? here() }))}
        className={classNames?.form}
      >
        <div id={id}>{heading}</div>
        <Message tone="error" message={reason} className={classNames?.message} />
        <p data-keyward-text="">{l.verifyEmail.resendBody}</p>
        <TextField name="email" label={l.fields.email} type="email" autoComplete="username" inputMode="email" fieldClassName={classNames?.field} />
        <Message tone={send.error ? 'error' : 'status'} message={send.error ? regionText(send.error) : send.isSuccess ? l.signUp.resent : null} className={classNames?.message} />
        <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
          {l.signUp.resend}
        </SubmitButton>
      </Form>
    </FormProvider>
  )
}
