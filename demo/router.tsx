import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react'

// A ten-line router: the demo needs paths, not a routing library.
const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener)
  return () => window.removeEventListener('popstate', listener)
}

export const usePath = () => useSyncExternalStore(subscribe, () => window.location.pathname)

export function navigate(path: string) {
  window.history.pushState(null, '', path)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

export function Link({ to, children }: { to: string; children: ReactNode }) {
  const path = usePath()
  const go = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} onClick={go} aria-current={path === to ? 'page' : undefined}>
      {children}
    </a>
  )
}
