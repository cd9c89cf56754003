import { useId, useState } from 'react'
import { emailSchema } from './schemas.js'
import { FormProvider } from 'react-hook-form'
import { useLocalization } from './context.js'
import { useAuthForm } from './form.js'
import { format, languageOf } from './localization.js'
import { Form, Heading, LinkButton, Message, SubmitButton, TextField } from './parts.js'
import { type EmailedSignInProps, landing } from './shared.js'
import { useCapabilities, usePasswordless } from '../index.js'

export interface EmailLinkSignInProps extends EmailedSignInProps {
  /** Where the e-mailed link signs the user in. Default: this page (its sign-in view). */
  redirectTo?: string | undefined
}

/**
 * Sign-in with a link sent by e-mail (where the backend has `capabilities.magicLink`: Auth.js's e-mail
 * provider, Nhost, better-auth, Supabase): the address, then "check your email". The link signs in on
 * the page it leads to, whichever form is mounted there. `<SignIn />` links to it where the backend
 * has no e-mailed code. Renders nothing elsewhere.
 *
 * @example
 * <EmailLinkSignIn onBack={() => setView('password')} />
 */
export function EmailLinkSignIn({ email = '', redirectTo, onBack, localization, classNames, focusOnMount, headingLevel, header }: EmailLinkSignInProps) {
  const l = useLocalization(localization)
  const headingId = useId()
  const { magicLink } = usePasswordless()
  const capabilities = useCapabilities()
  // the address the link went to
  const [sentTo, setSentTo] = useState<string | null>(null)
  const { form, submit, regionText } = useAuthForm({ l, defaultValues: { email }, schema: emailSchema })
  if (!capabilities.magicLink) return null
  const send = (address: string) => magicLink.send.mutateAsync({ email: address, redirectTo: redirectTo ?? landing('sign-in') })
  return (
    <FormProvider {...form}>
      <Form
        {...languageOf(l)}
        header={header}
        state={form.formState.isSubmitting ? 'submitting' : magicLink.send.error ? 'error' : sentTo ? 'success' : 'idle'}
        step={sentTo ? 'sent' : 'email'}
        aria-labelledby={headingId}
        onSubmit={submit(async ({ email }) => {
          await send(email)
          setSentTo(email)
        })}
        className={classNames?.form}
      >
        <Heading id={headingId} level={headingLevel} focusOnMount={focusOnMount} className={classNames?.heading}>
          {l.emailLink.title}
        </Heading>
        {sentTo ? (
          <p data-keyward-text="" role="status">
            {format(l.emailLink.sent, { email: sentTo })}
          </p>
        ) : (
          <TextField required name="email" label={l.fields.email} type="email" autoComplete="username" inputMode="email" fieldClassName={classNames?.field} />
        )}
        <Message tone="error" message={regionText(magicLink.send.error)} className={classNames?.message} />
        {sentTo ? (
          <LinkButton onClick={() => void send(sentTo).catch(() => {})} className={classNames?.link}>
            {l.emailLink.resend}
          </LinkButton>
        ) : (
          <SubmitButton busyLabel={l.common.submitting} className={classNames?.submit}>
            {l.emailLink.send}
          </SubmitButton>
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
