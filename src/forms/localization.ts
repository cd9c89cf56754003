import { type AuthErrorCode } from '../index.js'

/**
 * Every string the forms show. Pass a whole locale (`import { de } from 'keyward/forms/locales/de'`)
 * or override single strings: `localization={{ ...de, signIn: { ...de.signIn, title: 'Anmelden bei Acme' } }}`.
 */
export interface Localization {
  /** BCP 47 tag for `lang` and number formatting, e.g. `de`. */
  locale: string
  fields: {
    email: string
    password: string
    newPassword: string
    code: string
    nickname: string
    backupCode: string
    currentPassword: string
    /** The backend's sign-up fields (`SignUpField.kind`). */
    givenName: string
    familyName: string
    displayName: string
    username: string
    phone: string
  }
  validation: {
    required: string
    email: string
    /**
     * `{min}` is replaced by the minimum length. Here and in every string with a number, the
     * language's plural forms may be given: `{min, plural, one {# character} other {# characters}}`
     * (categories of `Intl.PluralRules`: zero, one, two, few, many, other; `=N` for one number).
     */
    passwordTooShort: string
    /** `{max}` is replaced by the maximum length. */
    passwordTooLong: string
    /** The new-password hint: `{min}` and `{max}` from the backend's policy. */
    passwordRange: string
    code: string
  }
  common: {
    submitting: string
    or: string
    back: string
    /** Shown while the browser's passkey dialog is open (the FIDO pattern: say what comes before it comes). */
    passkeyPrompt: string
    copy: string
    copied: string
  }
  signIn: {
    title: string
    submit: string
    passkey: string
    forgotPassword: string
    noAccount: string
    signUpLink: string
    /** An OAuth provider's button: `{provider}` is its name. */
    continueWith: string
    /** The identifier-first sign-in's first button (after the e-mail). */
    next: string
    /** The identifier-first sign-in, where the backend says no account has `{email}`. */
    noAccountFor: string
    createAccount: string
    /** Back to the e-mail step of the identifier-first sign-in. */
    otherEmail: string
  }
  /** Sign-in with a code sent by e-mail (`<EmailCodeSignIn />`, where the backend has `capabilities.emailOtp`). */
  emailCode: {
    /** The sign-in form's link to it. */
    link: string
    title: string
    send: string
    /** Above the code field: `{email}` is the address. */
    sent: string
    resend: string
  }
  /** Sign-in with a link sent by e-mail (`<EmailLinkSignIn />`, where the backend has `capabilities.magicLink`). */
  emailLink: {
    /** The sign-in form's link to it (where the backend has no e-mailed code). */
    link: string
    title: string
    send: string
    /** After sending: `{email}` is the address. */
    sent: string
    resend: string
  }
  signUp: {
    title: string
    submit: string
    haveAccount: string
    signInLink: string
    verifyTitle: string
    /** `{email}` is replaced by the address. */
    verifyBody: string
    /** Where the account is created after the link (CREDEBL): `{email}`; a "Continue" button follows. */
    verifyThenContinue: string
    resend: string
    resent: string
    /** The passkey-first sign-up's button (no password), where the backend can (`capabilities.passkeySignUp`). */
    passkey: string
  }
  mfa: {
    challengeTitle: string
    challengeBody: string
    submit: string
    setupTitle: string
    setupScan: string
    /** The QR code's text alternative: what the picture holds (the paragraph above says what to do with it). */
    qrAlt: string
    setupSecret: string
    setupConfirm: string
    enabled: string
    disable: string
    disabled: string
    useBackupCode: string
    useApp: string
    backupCodeBody: string
    backupCodesTitle: string
    backupCodesBody: string
    download: string
    regenerate: string
    /** The heading of the settings card (on or off). */
    manageTitle: string
    setupBody: string
    disableTitle: string
    /** Turning TOTP off with a code (Nhost). */
    disableBody: string
    /** Turning TOTP off with the password (better-auth). */
    disableBodyPassword: string
    wrongBackupCode: string
  }
  forgotPassword: {
    title: string
    body: string
    submit: string
    sent: string
    sentTitle: string
  }
  resetPassword: {
    title: string
    submit: string
    invalidLink: string
    requestNew: string
    /** Where the reset link signed in: make a passkey for the account instead of a new password (the FIDO recovery pattern). */
    passkeyInstead: string
    passkeyDone: string
  }
  changePassword: { title: string; submit: string; wrongCurrent: string }
  /** The one wording for a changed password, after a reset and after a change. */
  password: { changed: string }
  verifyEmail: { title: string; verifying: string; done: string; noLink: string; expired: string; resendBody: string; continue: string }
  /**
   * `<Passkeys />` and `<PasskeyOffer />`. `addedHint`: after the browser's dialog, what the passkey is
   * for; `created`, `lastUsed`: `{date}` in the locale's format; `offer*`: the invitation to make one.
   */
  passkeys: {
    title: string
    add: string
    added: string
    addedHint: string
    remove: string
    unnamed: string
    empty: string
    rename: string
    save: string
    cancel: string
    created: string
    lastUsed: string
    offerTitle: string
    offerBody: string
    offerCreate: string
    offerDismiss: string
  }
  userButton: { menu: string; signOut: string; signOutEverywhere: string }
  /** `<Account />`'s profile section (`<Profile />`). `{date}`: the day the account was made. */
  profile: { title: string; verified: string; unverified: string; memberSince: string }
  /** `<DeleteAccount />`. `{email}`: where the confirmation link went (`sent`). */
  deleteAccount: { title: string; body: string; submit: string; sent: string }
  /** `<ChangeEmail />`. `{email}`: the current address (`current`) or the new one (`sent`). */
  changeEmail: { title: string; current: string; newEmail: string; submit: string; sent: string }
  /** `deviceOn`: a browser and its system ("Firefox on Linux"); `lastActive`: `{time}` is relative ("5 minutes ago"). */
  sessions: { title: string; current: string; revoke: string; empty: string; unknownDevice: string; revokeOthers: string; othersSignedOut: string; deviceOn: string; lastActive: string }
  signedIn: string
  /**
   * Friendly text for each error code; never the server's own words. `rateLimitedFor` is `rate-limited`
   * when the server said how long to wait: `{wait}` is that wait, relative ("in 5 minutes").
   */
  errors: Partial<Record<AuthErrorCode, string>> & { unknown: string; rateLimitedFor?: string }
}

/** `{name}` placeholders filled from `values`; `{n, plural, one {…} other {…}}` chosen by `locale`'s plural rules. */
export function format(text: string, values: Record<string, string | number>, locale?: string): string {
  // plurals first, the language's own rules (Intl.PluralRules): {min, plural, one {# character} other {# characters}}
  const plural = text.replace(/\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g, (whole, name: string, branches: string) => {
    const value = values[name]
    if (typeof value !== 'number') return whole
    const forms = new Map([...branches.matchAll(/(=\d+|\w+)\s*\{([^{}]*)\}/g)].map(([, key, body]) => [key!, body!]))
    const body = forms.get(`=${value}`) ?? forms.get(new Intl.PluralRules(locale).select(value)) ?? forms.get('other') ?? ''
    return body.replace(/#/g, new Intl.NumberFormat(locale).format(value))
  })
  return plural.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/** The strings only the account forms show (MfaSetup, Passkeys, Sessions, UserButton, ChangePassword). */
export interface AccountStrings {
  common: Pick<Localization['common'], 'copy' | 'copied'>
  mfa: Pick<
    Localization['mfa'],
    | 'setupTitle' | 'setupScan' | 'qrAlt' | 'setupSecret' | 'setupConfirm' | 'enabled' | 'disable' | 'disabled' | 'backupCodesTitle'
    | 'backupCodesBody' | 'download' | 'regenerate' | 'manageTitle' | 'setupBody' | 'disableTitle' | 'disableBody' | 'disableBodyPassword'
  >
  passkeys: Localization['passkeys']
  userButton: Localization['userButton']
  profile: Localization['profile']
  changeEmail: Localization['changeEmail']
  deleteAccount: Localization['deleteAccount']
  sessions: Localization['sessions']
  changePassword: Localization['changePassword']
  errors: Pick<Localization['errors'], 'elevation-required' | 'passkey_already_registered'>
}

/** `l` with `more` under it, section by section: `l`'s strings win, `more` fills what `l` lacks. */
export function withStrings(l: Localization, more: object): Localization {
  const merged: Record<string, unknown> = { ...l }
  for (const [section, strings] of Object.entries(more)) merged[section] = { ...strings, ...(l as unknown as Record<string, object | undefined>)[section] }
  return merged as unknown as Localization
}

// the scripts written right to left, and the languages whose default script is one of them
const RTL_SCRIPTS = new Set(['adlm', 'arab', 'hebr', 'nkoo', 'rohg', 'syrc', 'thaa'])
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi'])

/**
 * `lang` and `dir` for a form's root, from the locale's tag: a screen reader reads the form in its
 * language, and a right-to-left language lays it out from the right (`ar`, `he`, `fa`, `ur`…; a
 * script subtag decides where there is one: `az-Arab` is right to left, `ku-Latn` left to right).
 */
export function languageOf(l: Pick<Localization, 'locale'>): { lang: string; dir: 'ltr' | 'rtl' } {
  const [language = '', ...rest] = l.locale.toLowerCase().split(/[-_]/)
  const script = rest.find((subtag) => subtag.length === 4)
  const rtl = script ? RTL_SCRIPTS.has(script) : RTL_LANGUAGES.has(language)
  return { lang: l.locale, dir: rtl ? 'rtl' : 'ltr' }
}
