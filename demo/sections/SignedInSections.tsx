import { useState } from 'react'
import { useAnonymous, useChangeEmail, useChangePassword, useElevation, useMfa, usePasskey, usePersonalAccessTokens, useSession, useSignOut, useUser } from 'keyward'
import { ErrorMessage, Field, Form, quietly, Section } from '../ui.tsx'

const here = () => window.location.origin + window.location.pathname

export function AccountSection() {
  const user = useUser()
  const session = useSession((s) => s.session)
  const { elevated, until, elevate } = useElevation()
  const { signOut } = useSignOut()
  const expires = session?.accessTokenExpiresAt ? new Date(session.accessTokenExpiresAt).toLocaleTimeString() : '—'
  return (
    <Section title={`Signed in as ${user?.email ?? user?.phoneNumber ?? user?.displayName}`}>
      <p className="note">Access token valid until {expires}; keyward refreshes it a minute before.</p>
      <p className="note">
        Elevated: {elevated ? `yes, until ${new Date(until ?? 0).toLocaleTimeString()}` : 'no'}{' '}
        <button type="button" className="secondary" disabled={elevate.isPending} onClick={() => quietly(elevate.mutateAsync())}>
          Confirm with passkey
        </button>
      </p>
      <ErrorMessage error={elevate.error} />
      <details>
        <summary>User</summary>
        <pre>{JSON.stringify(user, null, 2)}</pre>
      </details>
      <button type="button" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        Sign out
      </button>
      <button type="button" className="secondary" disabled={signOut.isPending} onClick={() => signOut.mutate({ all: true })}>
        Sign out on every device
      </button>
    </Section>
  )
}

export function MfaSection() {
  const { status, setup, activate, disable } = useMfa()
  if (status === 'totp') {
    return (
      <Section title="Two-factor authentication: on">
        <Form title="Turn it off" submit="Turn off" pending={disable.isPending} error={disable.error} onSubmit={(f) => quietly(disable.mutateAsync(f.code ?? ''))}>
          <Field label="Current code" name="code" autoComplete="one-time-code" inputMode="numeric" />
        </Form>
      </Section>
    )
  }
  const data = setup.data
  return (
    <Section title="Two-factor authentication: off">
      {!data ? (
        <>
          <button type="button" disabled={setup.isPending} onClick={() => quietly(setup.mutateAsync({ issuer: 'keyward demo' }))}>
            Set up an authenticator app
          </button>
          <ErrorMessage error={setup.error} />
        </>
      ) : (
        <Form title="Scan, then confirm" submit="Turn on" pending={activate.isPending} error={activate.error} onSubmit={(f) => quietly(activate.mutateAsync(f.code ?? ''))}>
          <img src={data.qrDataUrl} alt="QR code for your authenticator app" width={180} height={180} />
          <p>
            Or enter this key: <code data-testid="totp-secret">{data.secret.match(/.{1,4}/g)?.join(' ')}</code>
          </p>
          <Field label="Code from the app" name="code" autoComplete="one-time-code" inputMode="numeric" />
        </Form>
      )}
    </Section>
  )
}

export function PasskeysSection() {
  const { add, isSupported } = usePasskey()
  if (!isSupported) return null
  return (
    <Section title="Passkeys">
      <Form title="Add a passkey" submit="Add a passkey" pending={add.isPending} error={add.error} onSubmit={(f) => quietly(add.mutateAsync({ nickname: f.nickname || undefined }))}>
        <Field label="Name (optional)" name="nickname" autoComplete="off" required={false} />
        {add.isSuccess && <p role="status">Passkey added.</p>}
      </Form>
    </Section>
  )
}

export function CredentialsSection() {
  const { changePassword } = useChangePassword()
  const { changeEmail } = useChangeEmail()
  const anonymous = useAnonymous()
  if (anonymous.isAnonymous) {
    return (
      <Section title="Keep this guest account">
        <Form title="Add an e-mail and password" submit="Create account" pending={anonymous.deanonymize.isPending} error={anonymous.deanonymize.error} onSubmit={(f) => quietly(anonymous.deanonymize.mutateAsync({ email: f.email ?? '', password: f.password ?? '', redirectTo: here() }))}>
          <Field label="E-mail" name="email" type="email" autoComplete="username" />
          <Field label="Password" name="password" type="password" autoComplete="new-password" />
        </Form>
      </Section>
    )
  }
  return (
    <Section title="Password and e-mail">
      <Form title="Change password" submit="Change password" pending={changePassword.isPending} error={changePassword.error} onSubmit={(f) => quietly(changePassword.mutateAsync({ newPassword: f.newPassword ?? '' }))}>
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" />
        {changePassword.isSuccess && <p role="status">Password changed.</p>}
      </Form>
      <Form title="Change e-mail" submit="Send confirmation" pending={changeEmail.isPending} error={changeEmail.error} onSubmit={(f) => quietly(changeEmail.mutateAsync({ newEmail: f.newEmail ?? '', redirectTo: here() }))}>
        <Field label="New e-mail" name="newEmail" type="email" autoComplete="email" />
        {changeEmail.isSuccess && <p role="status">Follow the link sent to the new address (outbox).</p>}
      </Form>
    </Section>
  )
}

export function TokensSection() {
  const { create } = usePersonalAccessTokens()
  const [days, setDays] = useState(30)
  return (
    <Section title="Personal access tokens">
      <label htmlFor="pat-days">Valid for (days)</label>
      <input id="pat-days" type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />
      <button type="button" disabled={create.isPending} onClick={() => quietly(create.mutateAsync({ expiresAt: new Date(Date.now() + days * 86_400_000), metadata: { name: 'demo' } }))}>
        Create token
      </button>
      {create.data && (
        <p role="status">
          Your token (shown once): <code>{create.data.personalAccessToken}</code>
        </p>
      )}
      <ErrorMessage error={create.error} />
    </Section>
  )
}
