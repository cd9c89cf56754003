import { useState } from 'react'
import type { User } from '../index.js'

/** Up to two letters for the avatar: from the name's first and last words, else the address. */
export function initialsOf(user: Pick<User, 'displayName' | 'email' | 'phoneNumber'>): string {
  const words = user.displayName.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.length ? [words[0]!] : [user.email ?? user.phoneNumber ?? '']
  return letters
    .map((word) => Array.from(word.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '')
    .join('')
    .toLocaleUpperCase()
}

/**
 * The user's picture, or their initials where they have none (or it does not load). Decoration: the
 * name is always written beside it.
 */
export function Avatar({ user }: { user: User }) {
  const [broken, setBroken] = useState<string>()
  return user.avatarUrl && broken !== user.avatarUrl ? (
    <img data-keyward-avatar="" src={user.avatarUrl} alt="" onError={() => setBroken(user.avatarUrl)} referrerPolicy="no-referrer" />
  ) : (
    <span data-keyward-avatar="" aria-hidden="true">
      {initialsOf(user)}
    </span>
  )
}
