import { sendEmailOtp, sendMagicLink, sendSmsOtp, verifyEmailOtp, verifySmsOtp } from '../core/flows/passwordless.js'
import { signInFlow } from '../core/sign-in.js'
import { useRedirectMutation } from './useRedirectMutation.js'
import { useAuthMutation } from './useAuthMutation.js'

/**
 * Sign-in without a password: a magic link, an e-mailed code or a texted code. New addresses get an
 * account (where the server allows sign-up).
 *
 * @example
 * const { emailOtp } = usePasswordless()
 * await emailOtp.send.mutateAsync(email)
 * await emailOtp.verify.mutateAsync({ email, otp })
 */
export function usePasswordless() {
  return {
    magicLink: {
      send: useAuthMutation((client, input: { email: string; redirectTo?: string | undefined }) => sendMagicLink(client, input)),
      /** Consumes the link's redirect (signs in) and cleans the URL. */
      handleRedirect: useRedirectMutation(),
    },
    emailOtp: {
      send: useAuthMutation((client, email: string) => sendEmailOtp(client, email)),
      /** May resolve `{ kind: 'mfa' }` (Supabase, a user with TOTP): the sign-in flow is then in its `mfa` step, as after a password. */
      verify: useAuthMutation((client, input: { email: string; otp: string }) => signInFlow(client).signInWith(() => verifyEmailOtp(client, input))),
    },
    sms: {
      send: useAuthMutation((client, phoneNumber: string) => sendSmsOtp(client, phoneNumber)),
      /** May resolve `{ kind: 'mfa' }`: the sign-in flow is then in its `mfa` step (`useSignIn().verifyTotp`, `<MfaChallenge />`). */
      verify: useAuthMutation((client, input: { phoneNumber: string; otp: string }) => signInFlow(client).signInWith(() => verifySmsOtp(client, input))),
    },
  }
}

/** What `usePasswordless()` returns. */
export type UsePasswordlessResult = ReturnType<typeof usePasswordless>
