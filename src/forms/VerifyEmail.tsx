import { useEffect } from 'react'
import { isAuthError } from '../core/errors.js'
import type { Session } from '../core/types.js'
import { useEmailVerification } from '../react/useAccount.js'
import { errorText, useLocalization } from './context.js'
import { useCapabilities } from '../react/useCapabilities.js'
import { LinkButton } from './parts.js'
import { type FormProps, here } from './shared.js'
import { EmailForm, StatusCard } from './steps.js'

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
  const capabilities = useCapabilities()
  const { handleRedirect, send } = useEmailVerification()
  useEffect(() => {
    // the link as it arrived, read now (see ResetPassword)
    handleRedirect.mutateAsync(location.href).then((landed) => {
      if (landed?.kind === 'signedIn') onVerified?.(landed.session)
    }, () => {})
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, on arrival
  const frame = { header, headingLevel, classNames, focusOnMount: focusOnMount || !handleRedirect.isPending }
  const title = l.verifyEmail.title
  if (handleRedirect.isIdle || handleRedirect.isPending) return <StatusCard {...frame} step="verifying" title={title} message={l.verifyEmail.verifying} />
  if (handleRedirect.isSuccess && handleRedirect.data) {
    return (
      <StatusCard {...frame} state="success" step="done" title={title} message={l.verifyEmail.done}>
        {onContinue && (
          <LinkButton onClick={onContinue} className={classNames?.link}>
            {l.verifyEmail.continue}
          </LinkButton>
        )}
      </StatusCard>
    )
  }
  // no link in the address, or a link the server refused: why, and (where the backend can) a new link
  const error = handleRedirect.error
  const reason = !error ? l.verifyEmail.noLink : isAuthError(error, 'invalid-ticket') ? l.verifyEmail.expired : errorText(l, error)
  if (!capabilities.emailVerification) return <StatusCard {...frame} state="error" step="invalid-link" title={title} message={reason} tone="error" />
  return (
    <EmailForm
      {...frame}
      localization={l}
      step="resend"
      title={title}
      reason={reason}
      body={l.verifyEmail.resendBody}
      submitLabel={l.signUp.resend}
      error={send.error}
      sent={send.isSuccess ? l.signUp.resent : null}
      onSubmit={(email) => send.mutateAsync({ email, redirectTo: redirectTo ?? here() })}
    />
  )
}
