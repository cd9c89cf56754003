import { useLocalization } from './context.js'
import { LinkButton } from './parts.js'
import { type FormProps, here } from './shared.js'
import { EmailForm, StatusCard } from './steps.js'
import { usePasswordReset } from '../index.js'

export interface ForgotPasswordProps extends FormProps {
  /** Where the e-mailed link leads (the page with `<ResetPassword />`). Default: this page. */
  redirectTo?: string | undefined
  onBack?: (() => void) | undefined
}

/** Asks for the e-mail address and sends a reset link. Says the same whether the account exists. */
export function ForgotPassword({ redirectTo, onBack, localization, classNames, focusOnMount, headingLevel, header }: ForgotPasswordProps) {
  const l = useLocalization(localization)
  const { request } = usePasswordReset()
  const frame = { header, headingLevel, classNames, localization: l }
  const back = onBack && (
    <LinkButton onClick={onBack} className={classNames?.link}>
      {l.common.back}
    </LinkButton>
  )
  if (request.isSuccess) {
    return (
      <StatusCard {...frame} state="success" step="sent" title={l.forgotPassword.sentTitle} message={l.forgotPassword.sent}>
        {back}
      </StatusCard>
    )
  }
  return (
    <EmailForm
      {...frame}
      localization={l}
      focusOnMount={focusOnMount}
      step="email"
      title={l.forgotPassword.title}
      body={l.forgotPassword.body}
      submitLabel={l.forgotPassword.submit}
      error={request.error}
      onSubmit={(email) => request.mutateAsync({ email, redirectTo: redirectTo ?? here() })}
    >
      {back}
    </EmailForm>
  )
}
