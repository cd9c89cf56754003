import { SignedIn, SignedOut, useAuthLink, usePasswordReset, useSession } from 'keyward'
import { Header } from './Layout.tsx'
import { Outbox } from './Outbox.tsx'
import { AccountSection, CredentialsSection, MfaSection, PasskeysSection, TokensSection } from './sections/SignedInSections.tsx'
import { ForgotPasswordSection, OtherWaysSection, PasswordSignIn, PasswordlessSection, SignUpSection } from './sections/SignedOutSections.tsx'
import { describeError, Field, Form, quietly, Section } from './ui.tsx'

/**
 * Every e-mailed link, magic link and OAuth provider returns here: keyward reads the link when the page
 * opens; this shows where it stands (and forgets it on sign-out).
 */
function RedirectNotice() {
  const link = useAuthLink()
  const { complete } = usePasswordReset()
  if (link.status === 'none') return complete.isSuccess ? <p role="status">Your password is changed.</p> : null
  if (link.status === 'reading') return <p role="status">Reading the link…</p>
  if (link.status === 'failed') return <p role="alert">{describeError(link.error)}</p>
  const landed = link.result
  if (landed.kind === 'new-password') {
    return (
      <Section title="Choose a new password">
        <Form title="New password" submit="Save password" pending={complete.isPending} error={complete.error} onSubmit={(f) => quietly(complete.mutateAsync({ newPassword: f.newPassword ?? '' }))}>
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" />
        </Form>
      </Section>
    )
  }
  const text: Record<string, string> = {
    'verify-email': 'Your e-mail address is verified.',
    'change-email': 'Your new e-mail address is confirmed.',
    'sign-in': 'Signed in with your link.',
  }
  return <p role="status">{text[link.purpose] ?? 'Signed in.'}</p>
}

export function HooksPage() {
  const status = useSession((s) => s.status)
  return (
    <main>
      {/* this page signs out with its own button (the hooks), not the menu's */}
      <Header userMenu={false} />
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
