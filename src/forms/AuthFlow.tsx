import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useLocalization } from './context.js'
import { languageOf } from './localization.js'
import { ResetPassword } from './ResetPassword.js'
import { ForgotPassword } from './Password.js'
import { type FormProps, landing } from './shared.js'
import { SignIn, type SignInProps } from './SignIn.js'
import { SignUp, type SignUpProps } from './SignUp.js'
import { VerifyEmail } from './VerifyEmail.js'
import { type LinkPurpose, type Session, useAuthClient, useAuthLink } from '../index.js'

export type AuthView = 'signIn' | 'signUp' | 'forgotPassword' | 'resetPassword' | 'verifyEmail'

/**
 * The app's router, for views in the path (`/sign-in`, `/sign-up`…): `view` is what the URL says
 * (`null`: nothing, the default view), `navigate` moves there. keyward never touches the URL then.
 */
export interface AuthFlowRouter {
  view: AuthView | null
  navigate: (view: AuthView) => void
}

/**
 * Where `<AuthFlow />` keeps its view, so Back and Forward move between views and a link opens one:
 * - `'search'` (default): `?auth=sign-up`; `{ param: 'step' }` for another parameter name
 * - `'hash'`: `#sign-up` (not with a hash router, which owns the hash)
 * - an `AuthFlowRouter`: the app's router owns the URL
 * - `'none'`: nowhere (the view is the component's state)
 */
export type AuthFlowRouting = 'search' | 'hash' | 'none' | { param: string } | AuthFlowRouter

/** The view's name in a URL: `signUp` → `sign-up`. */
export const viewSlug = (view: AuthView) => view.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
const VIEWS: readonly AuthView[] = ['signIn', 'signUp', 'forgotPassword', 'resetPassword', 'verifyEmail']
const viewOfSlug = (slug: string | null | undefined) => VIEWS.find((view) => viewSlug(view) === slug) ?? null

// the URL modes: read with useSyncExternalStore (the server has no URL: null, the default view)
const MOVED = 'keyward:view'
const subscribeToUrl = (changed: () => void) => {
  for (const event of ['popstate', 'hashchange', MOVED]) window.addEventListener(event, changed)
  return () => {
    for (const event of ['popstate', 'hashchange', MOVED]) window.removeEventListener(event, changed)
  }
}
const readUrl = (param: string | null) => (param === null ? decodeURIComponent(window.location.hash.slice(1)) : new URL(window.location.href).searchParams.get(param))
/** The view taken out of the address (the journey is over), without a new history entry. */
const clearUrl = (param: string | null) => {
  const url = new URL(window.location.href)
  if (param === null) url.hash = ''
  else url.searchParams.delete(param)
  window.history.replaceState(window.history.state, '', url)
}
const writeUrl = (param: string | null, view: AuthView) => {
  const url = new URL(window.location.href)
  if (param === null) url.hash = viewSlug(view)
  else url.searchParams.set(param, viewSlug(view))
  window.history.pushState(window.history.state, '', url)
  window.dispatchEvent(new Event(MOVED))
}

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
  signIn?: Pick<SignInProps, 'passkeys' | 'passkeyUpgrade' | 'schema' | 'identifierFirst' | 'providers' | 'oauthRedirectTo'> | undefined
  /** Where the view lives in the URL. Default `'search'`: `?auth=sign-up`. */
  routing?: AuthFlowRouting | undefined
}

const noSubscription = () => () => {}

const FOR_LINK: Record<LinkPurpose, AuthView> = { 'reset-password': 'resetPassword', 'verify-email': 'verifyEmail', 'change-email': 'verifyEmail', 'sign-in': 'signIn' }

/**
 * The whole journey in one component: sign-in → two-step code → done; sign-up → verify your e-mail;
 * forgot password → reset. Each e-mail's link opens its own view. Focus moves to each new step's heading.
 * The view is in the URL (`routing`): Back and Forward move between views, a link opens one.
 *
 * @example
 * <AuthFlow onSignedIn={() => navigate('/app')} />
 */
export function AuthFlow({ initialView, onSignedIn, verifyEmailRedirectTo, resetPasswordRedirectTo, signUp, signIn, routing = 'search', ...props }: AuthFlowProps) {
  // the page's link (core reads it, whether or not this is mounted) opens its view until the user moves
  const link = useAuthLink()
  const router = typeof routing === 'object' && 'navigate' in routing ? routing : null
  const param = routing === 'search' ? 'auth' : routing === 'hash' ? null : typeof routing === 'object' && 'param' in routing ? routing.param : undefined
  const inUrl = useSyncExternalStore(
    param === undefined ? noSubscription : subscribeToUrl,
    () => (param === undefined ? null : readUrl(param)),
    () => null,
  )
  const [chosen, setView] = useState<AuthView | undefined>()
  const fallback: AuthView = initialView ?? (link.status === 'none' ? 'signIn' : FOR_LINK[link.purpose])
  const view: AuthView = (router ? router.view : viewOfSlug(inUrl)) ?? chosen ?? fallback
  // a view the user moved to takes focus (its heading); the first one does not
  const [moved, setMoved] = useState(false)
  useEffect(() => {
    if (param === undefined) return
    // Back or Forward to another view takes focus (the app's own history entries leave it be)
    let seen = readUrl(param)
    const changed = () => {
      const now = readUrl(param)
      if (now !== seen) setMoved(true)
      seen = now
    }
    const events = ['popstate', 'hashchange', MOVED]
    for (const event of events) window.addEventListener(event, changed)
    return () => {
      for (const event of events) window.removeEventListener(event, changed)
    }
  }, [param])
  // Signed in, the journey is over: the view leaves the address, so that the next time the flow shows
  // (after a sign-out) it starts at the sign-in, not at the step the address still named. The flow is
  // usually unmounted by then (<SignedOut>): its last cleanup does it.
  const client = useAuthClient()
  useEffect(
    () => () => {
      if (param !== undefined && client.getSnapshot().status === 'signedIn' && readUrl(param)) clearUrl(param)
    },
    [param, client],
  )
  const routed = useRef(router?.view)
  useEffect(() => {
    if (router && routed.current !== router.view) setMoved(true)
    routed.current = router?.view
  }, [router?.view]) // eslint-disable-line react-hooks/exhaustive-deps -- the router's view only
  // the e-mail address the identifier-first sign-in found no account for, prefilled in the sign-up
  const [email, setEmail] = useState<string>()
  // a step's link; the sign-in's "create an account" passes the address it found no account for
  const go = (next: AuthView) => (address?: unknown) => {
    setMoved(true)
    if (typeof address === 'string') setEmail(address)
    if (router) router.navigate(next)
    else if (param !== undefined) writeUrl(param, next)
    else setView(next)
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
