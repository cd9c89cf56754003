import type { ActionFunctionArgs } from 'react-router'
import { tokenRoute } from '../auth.server'

// The token route the browser's viaTokenRoute(…) posts to (token-route mode; it answers only this
// site's pages either way).
export const action = ({ request }: ActionFunctionArgs) => tokenRoute(request)
