import { useLayoutEffect, useState } from 'react'
import { useAuthClient } from 'keyward'
import { UserButton } from 'keyward/forms'
import { Link, navigate } from './router.tsx'

type Theme = 'light' | 'dark'
const STORED = 'keyward-demo-theme'

/** The page's color scheme: light (the demo is a light app) until the reader switches (kept in this browser). */
function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const stored = localStorage.getItem(STORED)
    return stored === 'dark' ? 'dark' : 'light'
  })
  // the demo's own colors and keyward's theme both follow the page's color-scheme
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return [
    theme,
    (next) => {
      localStorage.setItem(STORED, next)
      setTheme(next)
    },
  ]
}

/** Every page's header: the demo's name and backend, the light/dark switch, the user menu, the pages. */
export function Header({ userMenu = true }: { userMenu?: boolean }) {
  const client = useAuthClient()
  const backendName = client.backend.traits.displayName ?? client.backend.id
  const [theme, setTheme] = useTheme()
  return (
    <>
      <header className="bar">
        <h1>
          keyward demo <small data-backend="">on {backendName}</small>
        </h1>
        <span className="tools">
          <button type="button" className="secondary" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
            Dark
          </button>
          {userMenu && <UserButton items={[{ label: 'Account', onSelect: () => navigate('/account') }]} />}
        </span>
      </header>
      <nav aria-label="Demo pages">
        <Link to="/">AuthFlow</Link> <Link to="/sign-in">Sign in</Link> <Link to="/sign-in/email-first">Email first</Link> <Link to="/sign-up">Sign up</Link>{' '}
        <Link to="/forgot-password">Forgot password</Link> <Link to="/account">Account</Link> <Link to="/mfa">Two-step</Link> <Link to="/passkeys">Passkeys</Link>{' '}
        <Link to="/change-password">Change password</Link> <Link to="/sessions">Devices</Link> <Link to="/hooks">Hooks</Link>
      </nav>
    </>
  )
}
