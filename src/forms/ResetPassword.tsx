import { useLocalization } from './context.js'
import { LinkButton, Message, SecondaryButton } from './parts.js'
import type { FormProps } from './shared.js'
import { StatusCard } from './steps.js'
import { isAuthError, useAuthClient, useAuthLink, useCapabilities, usePasswordReset, useUser } from '../index.js'
import { NewPasswordForm } from './NewPasswordForm.js'

export interface ResetPasswordProps extends FormProps {
  /** After the new password is saved (`<AuthFlow />` moves to sign-in). Default: the form says it is done. */
  onDone?: (() => void) | undefined
  /** Shows "Ask for a new link" where the link is spent or expired (`<AuthFlow />`: the forgot-password view). */
  onRequestNewLink?: (() => void) | undefined
  /** Offer a passkey instead of a new password where the link signed in. Default true. */
  passkey?: boolean | undefined
}

/**
 * The page the reset link opens: once core has read the link (it keeps the link's ticket, or the
 * session Nhost's link opens), asks for the new password. Opened without a link, or with a spent or
 * expired one, it says so (and offers a new link where `onRequestNewLink` is given). Where the link
 * signed in (Nhost, Supabase) and the browser has passkeys, it offers "Create a passkey instead": the
 * account gets a passkey, the user is signed in, and no password is set (`passkey={false}` to leave it out).
 */
export function ResetPassword({ onDone, onRequestNewLink, passkey: offerPasskey = true, ...props }: ResetPasswordProps) {
  const l = useLocalization(props.localization)
  const user = useUser()
  const link = useAuthLink()
  const client = useAuthClient()
  const capabilities = useCapabilities()
  const { complete, withPasskey, isPasskeySupported } = usePasswordReset()
  const frame = { header: props.header, headingLevel: props.headingLevel, classNames: props.classNames, localization: l }
  const title = l.resetPassword.title
  if (complete.isSuccess) return <StatusCard {...frame} state="success" step="done" title={title} message={l.password.changed} />
  if (withPasskey.isSuccess) return <StatusCard {...frame} state="success" step="done" title={title} message={l.resetPassword.passkeyDone} />
  if (link.status === 'reading' && link.purpose === 'reset-password') return <StatusCard {...frame} focusOnMount={props.focusOnMount} step="checking" title={title} message={l.common.submitting} />
  const asked = link.status === 'done' && link.result.kind === 'new-password' ? link.result : null
  if (!asked) {
    return (
      <StatusCard {...frame} state="error" step="invalid-link" title={title} message={l.resetPassword.invalidLink} tone="error">
        {onRequestNewLink && (
          <LinkButton onClick={onRequestNewLink} className={props.classNames?.link}>
            {l.resetPassword.requestNew}
          </LinkButton>
        )}
      </StatusCard>
    )
  }
  // the link's session, and an account that can take a passkey, in a browser that makes them
  const passkeyInstead =
    offerPasskey && !asked.secondFactor?.length && capabilities.passkeys && client.links.resetSession() !== null && isPasskeySupported
  const passkeyError = withPasskey.error && !isAuthError(withPasskey.error, 'passkey_cancelled') ? withPasskey.error : null
  return (
    <NewPasswordForm
      {...props}
      title={l.resetPassword.title}
      submitLabel={l.resetPassword.submit}
      current={false}
      code={(asked.secondFactor?.length ?? 0) > 0}
      username={asked.email ?? user?.email}
      error={complete.error ?? passkeyError}
      alternative={
        passkeyInstead && (
          <>
            <SecondaryButton
              busy={withPasskey.isPending}
              data-keyward-passkey=""
              onClick={() => {
                complete.reset()
                withPasskey.mutateAsync({}).then(() => onDone?.(), () => {})
              }}
            >
              {withPasskey.isPending ? l.common.submitting : l.resetPassword.passkeyInstead}
            </SecondaryButton>
            <Message tone="status" message={withPasskey.isPending ? l.common.passkeyPrompt : null} className={props.classNames?.message} />
          </>
        )
      }
      onSubmit={async ({ newPassword, code }) => {
        withPasskey.reset()
        await complete.mutateAsync(code === undefined ? { newPassword } : { newPassword, code })
        onDone?.()
      }}
    />
  )
}
