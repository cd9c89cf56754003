// Medusa 1.20's configuration for keyward's tests: read by Medusa's own loaders and by `medusa
// migrations run` from this folder. server.mjs sets the environment (a fresh database per run).
module.exports = {
  projectConfig: {
    database_url: process.env.DATABASE_URL,
    database_type: 'postgres',
    // the test pages and the demo: any http://localhost port (a regular expression, as Medusa allows)
    store_cors: '/^http:\\/\\/localhost:\\d+$/',
    admin_cors: '/^http:\\/\\/localhost:\\d+$/',
    jwt_secret: 'keyward-test-jwt-secret-not-for-production',
    cookie_secret: 'keyward-test-cookie-secret-not-for-production',
  },
  plugins: ['medusa-fulfillment-manual', 'medusa-payment-manual'],
  modules: {
    eventBus: { resolve: '@medusajs/event-bus-local' },
    cacheService: { resolve: '@medusajs/cache-inmemory' },
  },
}
