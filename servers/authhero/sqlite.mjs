// @ts-check
import initSqlJs from 'sql.js'

// Kysely's SqliteDialect expects better-sqlite3's synchronous API; better-sqlite3 is a native addon
// (a compile on every fresh machine), so the tests' AuthHero keeps its database in memory with sql.js
// (SQLite compiled to WebAssembly) behind that same small interface.

/** A SQLite value sql.js can bind: booleans as 0/1, dates as ISO text, undefined as NULL. */
const bindable = (/** @type {unknown} */ value) =>
  value === undefined ? null : typeof value === 'boolean' ? Number(value) : value instanceof Date ? value.toISOString() : value

/** An in-memory SQLite database with the part of better-sqlite3's API Kysely's SqliteDialect uses. */
export async function memoryDatabase() {
  const SQL = await initSqlJs()
  const db = new SQL.Database()
  db.run('PRAGMA foreign_keys = ON')
  return {
    close: () => db.close(),
    /** @param {string} sql */
    prepare(sql) {
      const probe = db.prepare(sql)
      const reader = probe.getColumnNames().length > 0
      probe.free()
      /** @param {ReadonlyArray<unknown>} parameters */
      const all = (parameters) => {
        const statement = db.prepare(sql)
        try {
          statement.bind(/** @type {any} */ (parameters.map(bindable)))
          const rows = []
          while (statement.step()) rows.push(statement.getAsObject())
          return rows
        } finally {
          statement.free()
        }
      }
      return {
        reader,
        all,
        /** @param {ReadonlyArray<unknown>} parameters */
        run(parameters) {
          db.run(sql, /** @type {any} */ (parameters.map(bindable)))
          const changes = db.getRowsModified()
          const lastInsertRowid = /** @type {number} */ (db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0] ?? 0)
          return { changes, lastInsertRowid }
        },
        /** @param {ReadonlyArray<unknown>} parameters */
        iterate: (parameters) => all(parameters)[Symbol.iterator](),
      }
    },
  }
}
