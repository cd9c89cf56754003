import { useLocalization } from './context.js'
import { LinkButton } from './parts.js'
import type { FormProps } from './shared.js'
import { StatusCard } from './steps.js'
import { useAuthLink, usePasswordReset, useUser } from '../index.js'
import { NewPasswordForm } from './NewPasswordForm.js'

export interface ResetPasswordProps extends FormProps {
  /** After the new password is saved (`<AuthFlow />` moves to sign-in). Default: the form says it is done. */
  onDone?: (() => void) | undefined
  /** Shows "Ask for a new link" where the link is spent or expired (`<AuthFlow />`: the forgot-password view). */
  onRequestNewLink?: (() => void) | undefined
}

/**
 * The page the reset link opens: once core has read the link (it keeps the link's ticket, or the
 * session Nhost's link opens), asks for the new password. Opened without a link, or with a spent or
 * expired one, it says so (and offers a new link where `onRequestNewLink` is given).
 */
export function ResetPassword({ onDone, onRequestNewLink, ...props }: ResetPasswordProps) {
  const l = useLocalization(props.localization)
  const user = useUser()
  const link = useAuthLink()
  const { complete } = usePasswordReset()
  const frame = { header: props.header, headingLevel: props.headingLevel, classNames: props.classNames, localization: l }
  const title = l.resetPassword.title
  if (complete.isSuccess) return <StatusCard {...frame} state="success" step="done" title={title} message={l.password.changed} />
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
  return (
    <NewPasswordForm
      {...props}
      title={l.resetPassword.title}
      submitLabel={l.resetPassword.submit}
      current={false}
      code={(asked.secondFactor?.length ?? 0) > 0}
      username={asked.email ?? user?.email}
      error={complete.error}
      onSubmit={async ({ newPassword, code }) => {
        await complete.mutateAsync(code === undefined ? { newPassword } : { newPassword, code })
        onDone?.()
      }}
    />
  )
}
