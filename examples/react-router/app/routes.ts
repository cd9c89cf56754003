import { type RouteConfig, index, route } from '@react-router/dev/routes'

export default [
  index('routes/home.tsx'),
  route('account', 'routes/account.tsx'),
  // the token route (token-route mode): the browser's viaTokenRoute(…) posts here
  route('api/auth', 'routes/api.auth.ts'),
  // the reference backend (development only; delete with app/reference.server.ts)
  route('auth/v1/*', 'routes/auth.v1.ts'),
] satisfies RouteConfig
