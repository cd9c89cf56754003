import type { LinkPurpose } from './backend.js'

// The mark core's forms and adapters put on the pages links return to, where the server sends back
// nothing that says what the link was for: read by the adapters' parsers (better-auth's, Nhost's provider return).

/** The `keyward=<purpose>` mark core's forms put on the links they ask for (`landing()`). */
export const LINK_MARK = 'keyward'
const MARKS: Record<string, LinkPurpose> = {
  'sign-in': 'sign-in',
  'magic-link': 'sign-in',
  'verify-email': 'verify-email',
  'change-email': 'change-email',
  'reset-password': 'reset-password',
}

/** What the `keyward` mark on `url` says the link is for (`null`: no mark, or one core does not know). */
export function markedPurpose(url: URL): LinkPurpose | null {
  return MARKS[url.searchParams.get(LINK_MARK) ?? ''] ?? null
}
