import { useState } from 'react'
import type { Session } from '../core/types.js'
import { ForgotPassword, ResetPassword } from './Password.js'
import type { FormProps } from './shared.js'
import { SignIn } from './SignIn.js'
import { SignUp } from './SignUp.js'

export type AuthView = 'signIn' | 'signUp' | 'forgotPassword' | 'resetPassword'

export interface AuthFlowProps extends Omit<FormProps, 'focusOnMount'> {
  /** The first view. `resetPassword` is the page a reset link opens. Default `signIn`. */
  initialView?: AuthView | undefined
  onSignedIn?: ((session: Session) => void) | undefined
  /** Where e-mailed links return to. Default: this page. */
  redirectTo?: string | undefined
}

/**
 * The whole journey in one component: sign-in → two-step code → done; sign-up → verify your e-mail;
 * forgot password → reset. Focus moves to each new step's heading.
 *
 * @example
 * <AuthFlow onSignedIn={() => navigate('/app')} />
 */
export function AuthFlow({ initialView = 'signIn', onSignedIn, redirectTo, ...props }: AuthFlowProps) {
  const [view, setView] = useState<AuthView>(initialView)
  const [moved, setMoved] = useState(false)
  const go = (next: AuthView) => () => {
    setMoved(true)
    setView(next)
  }
  const common = { ...props, focusOnMount: moved, onSignedIn }
  return (
    <div data-keyward-flow="" data-state={view}>
      {view === 'signIn' && <SignIn key="signIn" {...common} onSignUp={go('signUp')} onForgotPassword={go('forgotPassword')} />}
      {view === 'signUp' && <SignUp key="signUp" {...common} onSignIn={go('signIn')} redirectTo={redirectTo} />}
      {view === 'forgotPassword' && <ForgotPassword key="forgot" {...props} focusOnMount={moved} redirectTo={redirectTo} onBack={go('signIn')} />}
      {view === 'resetPassword' && <ResetPassword key="reset" {...props} focusOnMount={moved} onDone={go('signIn')} />}
    </div>
  )
}
