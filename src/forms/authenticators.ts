// Names and icons of passkey providers (password managers, security keys) by AAGUID, for the cards on
// `<Passkeys />`: loaded only there, and only when a listed passkey carries a non-zero AAGUID.

/** A provider's name and icon (a `data:image/…` URL), as a list of AAGUIDs gives them. */
export interface AuthenticatorInfo {
  name: string
  /** `data:image/…` only (anything else is dropped): shown in an `<img>`, never as markup. */
  icon?: string | undefined
  /** The icon for a dark background, where the list has one. */
  iconDark?: string | undefined
}

/**
 * Where `<Passkeys />` looks up AAGUIDs: the URL of a JSON object `{ [aaguid]: { name, icon_light?,
 * icon_dark? } }` (the community-kept passkeydeveloper/passkey-authenticator-aaguids list's
 * `combined.json` has that shape; serve a copy yourself to keep the request on your origin), a function,
 * or `false` for none.
 */
export type AuthenticatorSource = string | false | ((aaguid: string) => Promise<AuthenticatorInfo | null>)

/** The community list, read from GitHub: `authenticators={false}` or your own copy's URL keeps that request away. */
export const AUTHENTICATOR_LIST = 'https://raw.githubusercontent.com/passkeydeveloper/passkey-authenticator-aaguids/main/combined.json'

export const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000'

const image = (value: unknown) => (typeof value === 'string' && /^data:image\/(png|svg\+xml|webp|jpeg|gif);/.test(value) ? value : undefined)

const lists = new Map<string, Promise<Record<string, unknown>>>()
function loadList(url: string): Promise<Record<string, unknown>> {
  let list = lists.get(url)
  if (!list) {
    list = fetch(url, { credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : {}))
      .then((json: unknown) => (json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {}))
      .catch(() => {
        // offline, blocked by the page's CSP: no names, and another try on the next page
        lists.delete(url)
        return {}
      })
    lists.set(url, list)
  }
  return list
}

/** The provider behind `aaguid`, or null (unknown, the all-zero AAGUID of privacy-preserving platforms, no list). */
export async function lookUpAuthenticator(source: AuthenticatorSource, aaguid: string | null): Promise<AuthenticatorInfo | null> {
  const id = aaguid?.trim().toLowerCase()
  if (!id || id === ZERO_AAGUID || source === false) return null
  if (typeof source === 'function') return source(id).catch(() => null)
  const entry = (await loadList(source))[id] as Record<string, unknown> | undefined
  if (!entry || typeof entry.name !== 'string' || !entry.name.trim()) return null
  return { name: entry.name.trim(), icon: image(entry.icon_light), iconDark: image(entry.icon_dark) }
}
