import type { ActionFunctionArgs, LoaderFunctionArgs } from 'react-router'
import { reference } from '../reference.server'

// The reference backend at /auth/v1/* (see reference.server.ts). Delete with it.
export const loader = ({ request }: LoaderFunctionArgs) => reference().fetch(request)
export const action = ({ request }: ActionFunctionArgs) => reference().fetch(request)
