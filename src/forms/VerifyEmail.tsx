import { useEffect } from 'react'
import type { Session } from '../core/types.js'
import { useEmailVerification } from '../react/useAccount.js'
import { errorText, useLocalization } from './context.js'
import { LiveRegion } from './parts.js'
import type { FormProps } from './shared.js'

/** The page the verification link opens: signs the user in and cleans the address bar. */
export function VerifyEmail({ onVerified, localization, classNames }: FormProps & { onVerified?: ((session: Session) => void) | undefined }) {
  const l = useLocalization(localization)
  const { handleRedirect } = useEmailVerification()
  useEffect(() => {
    handleRedirect.mutateAsync().then((landed) => {
      if (landed?.kind === 'signedIn') onVerified?.(landed.session)
    }, () => {})
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, on arrival
  if (handleRedirect.error) return <LiveRegion tone="error" message={errorText(l, handleRedirect.error)} className={classNames?.message} />
  return <LiveRegion tone="status" message={handleRedirect.isSuccess ? l.verifyEmail.done : l.verifyEmail.verifying} className={classNames?.message} />
}
