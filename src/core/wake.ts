/**
 * Calls `onWake` when the page may have been asleep: the window regains focus, the tab becomes
 * visible, or the network comes back. Timers do not run while a laptop sleeps or a tab is frozen, so
 * whatever was due meanwhile is re-checked then. Returns the function that stops listening; a no-op
 * outside a browser.
 */
export function watchWake(onWake: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => {}
  const listener = () => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return
    onWake()
  }
  window.addEventListener('online', listener)
  window.addEventListener('focus', listener)
  document.addEventListener('visibilitychange', listener)
  return () => {
    window.removeEventListener('online', listener)
    window.removeEventListener('focus', listener)
    document.removeEventListener('visibilitychange', listener)
  }
}
