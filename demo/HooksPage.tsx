import { useEffect } from 'react'
import { SignedIn, SignedOut, useEmailVerification, usePasswordReset, useSession } from 'keyward'
import { Outbox } from './Outbox.tsx'
import { AccountSection, CredentialsSection, MfaSection, PasskeysSection, TokensSection } from './sections/SignedInSections.tsx'
import { ForgotPasswordSection, OtherWaysSection, PasswordSignIn, PasswordlessSection, SignUpSection } from './sections/SignedOutSections.tsx'
import { describeError, Field, Form, quietly, Section } from './ui.tsx'

/** Every e-mailed link, magic link and OAuth provider returns here: hand the URL to keyward once. */
function RedirectNotice() {
  const { handleRedirect } = useEmailVerification()
  const { complete } = usePasswordReset()
  useEffect(() => {
    handleRedirect.mutate()
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, on arrival
  const landed = handleRedirect.data
  if (handleRedirect.error) return <p role="alert">{describeError(handleRedirect.error)}</p>
  if (!landed) return null
  if (landed.type === 'passwordReset' || landed.kind === 'ticket') {
    if (complete.isSuccess) return <p role="status">Your password is changed.</p>
    return (
      <Section title="Choose a new password">
        <Form title="New password" submit="Save password" pending={complete.isPending} error={complete.error} onSubmit={(f) => quietly(complete.mutateAsync({ newPassword: f.newPassword ?? '', ...(landed.kind === 'ticket' ? { ticket: landed.ticket } : {}) }))}>
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" />
        </Form>
      </Section>
    )
  }
  const text: Record<string, string> = {
    emailVerify: 'Your e-mail address is verified.',
    emailConfirmChange: 'Your new e-mail address is confirmed.',
    signinPasswordless: 'Signed in with your magic link.',
  }
  return <p role="status">{(landed.type && text[landed.type]) ?? 'Signed in.'}</p>
}

export function HooksPage() {
  const status = useSession((s) => s.status)
  return (
    <main>
      <h1>keyward demo</h1>
      <p className="note" aria-live="polite">
        Session: <strong>{status}</strong>
      </p>
      <RedirectNotice />
      <SignedIn>
        <AccountSection />
        <MfaSection />
        <PasskeysSection />
        <CredentialsSection />
        <TokensSection />
      </SignedIn>
      <SignedOut>
        <section>
          <PasswordSignIn />
        </section>
        <SignUpSection />
        <ForgotPasswordSection />
        <PasswordlessSection />
        <OtherWaysSection />
      </SignedOut>
      <Outbox />
    </main>
  )
}
