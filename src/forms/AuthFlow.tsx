import { useState } from 'react'
import { useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { ResetPassword } from './ResetPassword.js'
import { ForgotPassword } from './Password.js'
import { type FormProps, landing } from './shared.js'
import { SignIn, type SignInProps } from './SignIn.js'
import { SignUp, type SignUpProps } from './SignUp.js'
import { VerifyEmail } from './VerifyEmail.js'
import { type LinkPurpose, type Session, useAuthLink } from '../index.js'

export type AuthView = 'signIn' | 'signUp' | 'forgotPassword' | 'resetPassword' | 'verifyEmail'

export interface AuthFlowProps extends Omit<FormProps, 'focusOnMount'> {
  /**
   * The first view. Default: the view the link this page was opened with asks for (a reset link the
   * new password, a verification link its outcome, a provider's return the sign-in), else `signIn`.
   */
  initialView?: AuthView | undefined
  onSignedIn?: ((session: Session) => void) | undefined
  /** Where the sign-up verification e-mail's link leads. Default: this page, on the `verifyEmail` view. */
  verifyEmailRedirectTo?: string | undefined
  /** Where the password-reset e-mail's link leads. Default: this page, on the `resetPassword` view. */
  resetPasswordRedirectTo?: string | undefined
  /** Passed to `<SignUp />`: the app's extra fields and schema. */
  signUp?: Pick<SignUpProps, 'fields' | 'schema'> | undefined
  /** Passed to `<SignIn />`. */
  signIn?: Pick<SignInProps, 'passkeys' | 'schema' | 'identifierFirst' | 'providers' | 'oauthRedirectTo'> | undefined
}

const FOR_LINK: Record<LinkPurpose, AuthView> = { 'reset-password': 'resetPassword', 'verify-email': 'verifyEmail', 'change-email': 'verifyEmail', 'sign-in': 'signIn' }

/**
 * The whole journey in one component: sign-in → two-step code → done; sign-up → verify your e-mail;
 * forgot password → reset. Each e-mail's link opens its own view. Focus moves to each new step's heading.
 *
 * @example
 * <AuthFlow onSignedIn={() => navigate('/app')} />
 */
export function AuthFlow({ initialView, onSignedIn, verifyEmailRedirectTo, resetPasswordRedirectTo, signUp, signIn, ...props }: AuthFlowProps) {
  // the page's link (core reads it, whether or not this is mounted) opens its view until the user moves
  const link = useAuthLink()
  const [chosen, setView] = useState<AuthView | undefined>(initialView)
  const view: AuthView = chosen ?? (link.status === 'none' ? 'signIn' : FOR_LINK[link.purpose])
  const [moved, setMoved] = useState(false)
  // the e-mail address the identifier-first sign-in found no account for, prefilled in the sign-up
  const [email, setEmail] = useState<string>()
  // a step's link; the sign-in's "create an account" passes the address it found no account for
  const go = (next: AuthView) => (address?: unknown) => {
    setMoved(true)
    setView(next)
    if (typeof address === 'string') setEmail(address)
  }
  const common = { ...props, focusOnMount: moved }
  const l = useLocalization(props.localization)
  return (
    <div {...languageOf(l)} data-keyward-flow="" data-state={view}>
      {view === 'signIn' && <SignIn key="signIn" {...common} {...signIn} onSignedIn={onSignedIn} onSignUp={go('signUp')} onForgotPassword={go('forgotPassword')} />}
      {view === 'signUp' && (
        <SignUp key="signUp" {...common} {...signUp} email={email} onSignedIn={onSignedIn} onSignIn={go('signIn')} redirectTo={verifyEmailRedirectTo ?? landing('verify-email')} />
      )}
      {view === 'forgotPassword' && <ForgotPassword key="forgot" {...common} redirectTo={resetPasswordRedirectTo ?? landing('reset-password')} onBack={go('signIn')} />}
      {view === 'resetPassword' && <ResetPassword key="reset" {...common} onDone={go('signIn')} onRequestNewLink={go('forgotPassword')} />}
      {view === 'verifyEmail' && (
        <VerifyEmail
          key="verify"
          {...common}
          redirectTo={verifyEmailRedirectTo ?? landing('verify-email')}
          onVerified={onSignedIn}
          onContinue={go('signIn')}
        />
      )}
    </div>
  )
}
