import { useSyncExternalStore } from 'react'
import type { LinkStep } from '../core/links.js'
import { useAuthClient } from './context.js'

const NONE: LinkStep = Object.freeze({ status: 'none' })

/**
 * Where the link this page was opened with stands (an e-mailed link, a magic link, a provider's
 * return): `reading` from the first render, then `done` with what it did (`signedIn`, `verified`,
 * `new-password`) or `failed` with its AuthError; `none` when there was none, and again after a
 * sign-out. Core handles the link once whoever is mounted; this only shows it.
 *
 * @example
 * const link = useAuthLink()
 * if (link.status === 'done' && link.result.kind === 'new-password') return <ResetPassword />
 */
export function useAuthLink(): LinkStep {
  const client = useAuthClient()
  return useSyncExternalStore(client.links.subscribe, client.links.getStep, () => NONE)
}
