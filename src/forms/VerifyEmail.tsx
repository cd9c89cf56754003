import { useEffect } from 'react'
import { errorText, useLocalization } from './context.js'
import { LinkButton } from './parts.js'
import { type FormProps, here } from './shared.js'
import { EmailForm, StatusCard } from './steps.js'
import { isAuthError, type Session, useAuthLink, useCapabilities, useEmailVerification, useSession } from '../index.js'

export interface VerifyEmailProps extends FormProps {
  /** Once the address is verified with someone signed in: the session the link opened, or the one already here. */
  onVerified?: ((session: Session) => void) | undefined
  /** Where a new link (asked for here when this one is spent) returns to. Default: this page. */
  redirectTo?: string | undefined
  /** Shows a "Continue" link after the address is verified. */
  onContinue?: (() => void) | undefined
}

/**
 * The page the verification link opens: shows what core made of the link (the address verified; the
 * user signed in where the backend does and nobody was). Opened without a link, or with a spent or expired one, it says so
 * and offers to send a new link.
 */
export function VerifyEmail({ onVerified, redirectTo, onContinue, localization, classNames, focusOnMount, headingLevel, header }: VerifyEmailProps) {
  const l = useLocalization(localization)
  const capabilities = useCapabilities()
  const { send } = useEmailVerification()
  const link = useAuthLink()
  // a link of another purpose (a sign-in, a reset) is not this page's
  const mine = link.status !== 'none' && (link.purpose === 'verify-email' || link.purpose === 'change-email') ? link : null
  const result = mine?.status === 'done' ? mine.result : null
  // the session the link signed in, or the one that was here already (a verification keeps it)
  const session = useSession((snapshot) => snapshot.session)
  const verifiedIn = result?.kind === 'signedIn' ? result.session : result ? session : null
  useEffect(() => {
    if (verifiedIn) onVerified?.(verifiedIn)
  }, [result]) // eslint-disable-line react-hooks/exhaustive-deps -- once per link
  const frame = { header, headingLevel, classNames, localization: l, focusOnMount: focusOnMount || mine?.status !== 'reading' }
  const title = l.verifyEmail.title
  if (mine?.status === 'reading') return <StatusCard {...frame} step="verifying" title={title} message={l.verifyEmail.verifying} />
  if (result) {
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
  // a refused link says little of its purpose (hasura-auth's error redirect names none): shown here whatever it was
  const error = link.status === 'failed' ? link.error : null
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
