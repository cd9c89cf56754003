// keyward/forms: drop-in forms built on the public hooks and on react-hook-form, from exported parts.
// Unstyled; `keyward/forms.css` is the theme.
export { SignIn, SignInDivider, SignInEmail, SignInPasskey, SignInPassword, SignInProviders, type SignInProps } from './SignIn.js'
export { SignUp, SignUpBackendFields, SignUpEmail, SignUpExtraFields, SignUpPassword, type SignUpProps, type SignUpExtraField } from './SignUp.js'
export { MfaChallenge, type MfaChallengeProps } from './MfaChallenge.js'
export { EmailCodeSignIn, type EmailCodeSignInProps } from './EmailCode.js'
export { EmailLinkSignIn, type EmailLinkSignInProps } from './EmailLink.js'
export { ForgotPassword, type ForgotPasswordProps } from './Password.js'
export { ResetPassword, type ResetPasswordProps } from './ResetPassword.js'
export { ChangePassword } from './ChangePassword.js'
export { VerifyEmail, type VerifyEmailProps } from './VerifyEmail.js'
export { AuthFlow, viewSlug, type AuthFlowProps, type AuthFlowRouter, type AuthFlowRouting, type AuthView } from './AuthFlow.js'
export { LocalizationProvider, useLocalization, errorText } from './context.js'
export {
  Form,
  Card,
  Heading,
  Field,
  Label,
  Input,
  FieldDescription,
  FieldError,
  TextField,
  SubmitButton,
  Message,
  LinkButton,
  SecondaryButton,
  Divider,
  composeHandlers,
  type FormState,
  type FieldState,
  type ButtonState,
  type MessageState,
  type FormPartProps,
  type CardProps,
  type HeadingProps,
  type FieldProps,
  type InputProps,
  type TextFieldProps,
  type SubmitButtonProps,
  type MessageProps,
} from './parts.js'
export { useAuthForm, validationText, type AuthFormOptions, type PasswordPolicy } from './form.js'
export type { StandardSchema, StandardIssue, StandardResult } from './standard-schema.js'
// the Valibot schemas are `keyward/forms/schemas` (the forms validate with them)
export { format, languageOf, type Localization } from './localization.js'
export { en } from './locales/en.js'
export type { EmailedSignInProps, FormProps } from './shared.js'
export { BackupCodes, MfaSetup, TotpSecret, type MfaSetupProps } from './MfaSetup.js'
export { Passkeys, PasskeyOffer, type PasskeysProps, type PasskeyOfferProps } from './Passkeys.js'
export { AUTHENTICATOR_LIST, type AuthenticatorInfo, type AuthenticatorSource } from './authenticators.js'
export { PasskeyButton, type PasskeyButtonProps } from './PasskeyButton.js'
export { ProviderButton, providerName, type ProviderButtonProps } from './ProviderButton.js'
export { UserButton, type UserButtonProps, type UserMenuItem } from './UserButton.js'
export { Avatar, initialsOf } from './Avatar.js'
export { Account, ChangeEmail, DeleteAccount, Profile, type AccountProps, type AccountSection, type DeleteAccountProps } from './Account.js'
export { Sessions } from './Sessions.js'
