import { reference } from '../../../reference'

// The reference backend at /auth/v1/* (see reference.ts). Delete with it.
export const dynamic = 'force-dynamic'
const handle = (request: Request) => reference().fetch(request)
export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE }
