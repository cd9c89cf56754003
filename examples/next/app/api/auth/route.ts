import { tokenRoute } from '../../auth'

// The token route the browser's viaTokenRoute(…) calls (token-route mode; refused in the other, where no
// page calls it: it answers only this site's pages either way).
export const dynamic = 'force-dynamic'
export const POST = (request: Request) => tokenRoute(request)
