import type { LinkPurpose } from '../../core/backend.js'
import { LINK_MARK, markedPurpose } from '../../core/link-mark.js'

export { LINK_MARK, markedPurpose }

/**
 * `redirectTo` marked with what the link is for (`?keyward=<purpose>`), for a server that sends the
 * browser back with nothing of its own that says so: the adapter's `redirect.parse` then reads the
 * purpose with `markedPurpose` and takes only marked pages for links.
 */
export function markLink(redirectTo: string, purpose: LinkPurpose): string {
  const url = new URL(redirectTo)
  url.searchParams.set(LINK_MARK, purpose)
  return String(url)
}
