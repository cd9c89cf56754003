import { useEffect, useState } from 'react'
import { useAnonymous, useOAuth, usePasskey, usePasswordless, usePasswordReset, usePersonalAccessTokens, useSignIn, useSignUp } from 'keyward'
import { ErrorMessage, Field, Form, quietly, Section } from '../ui.tsx'

const here = () => window.location.origin + window.location.pathname

export function PasswordSignIn() {
  const { signIn, isPending, error, step, verifyTotp } = useSignIn()
  const passkey = usePasskey()
  const { autofill } = passkey
  // passkeys offered in the e-mail field's autofill while the form is shown (?autofill=off turns it off)
  const offerAutofill = passkey.isAutofillSupported && new URLSearchParams(window.location.search).get('autofill') !== 'off'
  useEffect(() => {
    if (!offerAutofill) return
    // aborted on unmount: a remount (StrictMode) starts the only request that can sign in
    const controller = new AbortController()
    autofill.mutate({ signal: controller.signal })
    return () => controller.abort()
  }, [offerAutofill]) // eslint-disable-line react-hooks/exhaustive-deps -- start once
  if (step === 'mfa') {
    return (
      <Form title="Two-factor code" submit="Verify" pending={isPending} error={error} onSubmit={(f) => quietly(verifyTotp(f.code ?? ''))}>
        <Field label="Code from your authenticator app" name="code" autoComplete="one-time-code" inputMode="numeric" />
      </Form>
    )
  }
  return (
    <Form title="Sign in" submit="Sign in" pending={isPending} error={error ?? autofill.error} onSubmit={(f) => quietly(signIn({ email: f.email ?? '', password: f.password ?? '' }))}>
      <Field label="E-mail" name="email" type="email" autoComplete="username webauthn" />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
      {passkey.isSupported && (
        <p>
          <button type="button" className="secondary" disabled={passkey.signIn.isPending} onClick={() => quietly(passkey.signIn.mutateAsync())}>
            Sign in with a passkey
          </button>
        </p>
      )}
      <ErrorMessage error={passkey.signIn.error} />
    </Form>
  )
}

export function SignUpSection() {
  const { signUp, needsEmailVerification } = useSignUp()
  const passkey = usePasskey()
  if (needsEmailVerification || passkey.signUp.data === null) return <p role="status">Check the outbox below to verify your e-mail address.</p>
  return (
    <Section title="Create an account">
      <Form title="With a password" submit="Sign up" pending={signUp.isPending} error={signUp.error} onSubmit={(f) => quietly(signUp.mutateAsync({ email: f.email ?? '', password: f.password ?? '', redirectTo: here() }))}>
        <Field label="E-mail" name="email" type="email" autoComplete="username" />
        <Field label="Password" name="password" type="password" autoComplete="new-password" />
      </Form>
      {passkey.isSupported && (
        <Form title="With a passkey" submit="Sign up with a passkey" pending={passkey.signUp.isPending} error={passkey.signUp.error} onSubmit={(f) => quietly(passkey.signUp.mutateAsync({ email: f.email ?? '', nickname: 'This device', redirectTo: here() }))}>
          <Field label="E-mail" name="email" type="email" autoComplete="username" />
        </Form>
      )}
    </Section>
  )
}

export function ForgotPasswordSection() {
  const { request } = usePasswordReset()
  return (
    <Section title="Forgot your password?">
      {request.isSuccess ? (
        <p role="status">If that address has an account, a reset link is in the outbox.</p>
      ) : (
        <Form title="Reset by e-mail" submit="Send reset link" pending={request.isPending} error={request.error} onSubmit={(f) => quietly(request.mutateAsync({ email: f.email ?? '', redirectTo: here() }))}>
          <Field label="E-mail" name="email" type="email" autoComplete="username" />
        </Form>
      )}
    </Section>
  )
}

export function PasswordlessSection() {
  const { magicLink, emailOtp, sms } = usePasswordless()
  const [otpEmail, setOtpEmail] = useState<string | null>(null)
  const [phone, setPhone] = useState<string | null>(null)
  return (
    <Section title="Without a password">
      <Form title="Magic link" submit="E-mail me a link" pending={magicLink.send.isPending} error={magicLink.send.error} onSubmit={(f) => quietly(magicLink.send.mutateAsync({ email: f.email ?? '', redirectTo: here() }))}>
        <Field label="E-mail" name="email" type="email" autoComplete="username" />
        {magicLink.send.isSuccess && <p role="status">The link is in the outbox.</p>}
      </Form>
      {otpEmail ? (
        <Form title="E-mail code" submit="Sign in" pending={emailOtp.verify.isPending} error={emailOtp.verify.error} onSubmit={(f) => quietly(emailOtp.verify.mutateAsync({ email: otpEmail, otp: f.otp ?? '' }))}>
          <Field label={`Code sent to ${otpEmail}`} name="otp" autoComplete="one-time-code" inputMode="numeric" />
        </Form>
      ) : (
        <Form title="E-mail code" submit="E-mail me a code" pending={emailOtp.send.isPending} error={emailOtp.send.error} onSubmit={(f) => quietly(emailOtp.send.mutateAsync(f.email ?? '').then(() => setOtpEmail(f.email ?? '')))}>
          <Field label="E-mail" name="email" type="email" autoComplete="username" />
        </Form>
      )}
      {phone ? (
        <Form title="SMS code" submit="Sign in" pending={sms.verify.isPending} error={sms.verify.error} onSubmit={(f) => quietly(sms.verify.mutateAsync({ phoneNumber: phone, otp: f.otp ?? '' }))}>
          <Field label={`Code sent to ${phone}`} name="otp" autoComplete="one-time-code" inputMode="numeric" />
          {sms.verify.data?.kind === 'mfa' && <p role="status">This account also uses an authenticator app: sign in with the password form to finish.</p>}
        </Form>
      ) : (
        <Form title="SMS code" submit="Text me a code" pending={sms.send.isPending} error={sms.send.error} onSubmit={(f) => quietly(sms.send.mutateAsync(f.phone ?? '').then(() => setPhone(f.phone ?? '')))}>
          <Field label="Phone number" name="phone" type="tel" autoComplete="tel" inputMode="tel" />
        </Form>
      )}
    </Section>
  )
}

export function OtherWaysSection() {
  const anonymous = useAnonymous()
  const oauth = useOAuth()
  const pat = usePersonalAccessTokens()
  const [oauthError, setOauthError] = useState<Error | null>(null)
  return (
    <Section title="Other ways in">
      <p>
        <button type="button" className="secondary" onClick={() => oauth.signIn('github', { redirectTo: here() }).catch(setOauthError)}>
          Continue with GitHub (stub provider)
        </button>
        <button type="button" className="secondary" disabled={anonymous.signIn.isPending} onClick={() => quietly(anonymous.signIn.mutateAsync({ displayName: 'Guest' }))}>
          Continue as a guest
        </button>
      </p>
      {oauthError && <p role="alert">{oauthError.message}</p>}
      <ErrorMessage error={anonymous.signIn.error} />
      <Form title="Personal access token" submit="Sign in with token" pending={pat.signIn.isPending} error={pat.signIn.error} onSubmit={(f) => quietly(pat.signIn.mutateAsync(f.token ?? ''))}>
        <Field label="Token" name="token" autoComplete="off" />
      </Form>
    </Section>
  )
}
