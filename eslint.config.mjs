// ESLint for the whole project: typescript-eslint's type-aware rules plus the layering of the code
// (README "Layout"): which folder may import what, and where SQL may be written.
//
// The layering, as the import rules below enforce it:
// - SQL lives in lib/. Outside lib/, nothing imports drizzle-orm, postgres (postgres.js) or the schema
//   (lib/db/schema), and nothing writes a sql`...` template. app/, workers/ and scripts/ may import
//   only the lib/db modules that hand out or manage a connection without exposing a table:
//   lib/db/client (getDb, createDb and the Db/Tx types, to pass to domain functions),
//   lib/db/deadline (withDeadline), lib/db/assert-migrated, lib/db/migrate, lib/db/embedded and
//   lib/db/databases (create and drop a whole database for a run), lib/db/driver-error (what a
//   database error says, without its parameters).
//   Every query is a function in lib/<domain>/ that takes the db.
// - Tests (*.test.ts), lib/testing/, e2e/ and bench/ are harnesses: they may read back and prepare
//   stored state with SQL, since asserting on what was stored is their job.
// - lib/ never imports app/ or workers/ (the edges depend on lib, never the reverse).
// - components/ never imports lib/db at all: a component gets its data as props from the page,
//   which reads it through a domain function.
import tseslint from 'typescript-eslint';

/** Modules of lib/db that app/, workers/ and scripts/ may import (see above). */
const DB_HANDLE_MODULES = ['client', 'deadline', 'assert-migrated', 'migrate', 'embedded', 'databases', 'driver-error'];

const sqlDriverImports = {
  regex: '^(drizzle-orm|postgres)(/.*)?$',
  message: 'SQL lives in lib/: call a domain function in lib/<domain>/ instead (eslint.config.mjs explains the layering).',
};
const schemaImports = {
  regex: '(^@/|/|^)lib/db/(?!(' + DB_HANDLE_MODULES.join('|') + ')$)',
  message:
    `Outside lib/ only the connection modules of lib/db may be imported (${DB_HANDLE_MODULES.join(', ')}): tables and queries stay in lib/.`,
};
const anyDbImports = {
  regex: '(^@/|/|^)lib/db(/.*)?$',
  message: 'components/ never imports lib/db: take the data as props, typed from the domain function that reads it.',
};
const edgeImports = {
  regex: '(^@/|^(\\.\\./)+)(app|workers)(/.*)?$',
  message: 'lib/ never imports app/ or workers/: move the shared code into lib/.',
};
const sqlTemplate = {
  selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.object.name='sql']",
  message: 'SQL lives in lib/: write the query in a domain function in lib/<domain>/.',
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.next/**', '.data/**', 'drizzle/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '**/*.mjs', '**/*.js'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Server actions are async functions handed to <form action>, which React awaits.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Tests and benchmarks read untyped JSON (HTTP bodies, broker messages) and assert on it; typing
    // every response would add casts, not checks. Their async callbacks fill interfaces (a case's
    // `call`, a token maker), awaited or not. The promise rules still apply to them.
    files: ['**/*.test.ts', 'e2e/**', 'bench/**', 'lib/testing/**'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['app/**', 'workers/**', 'scripts/**', '*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [sqlDriverImports, schemaImports] }],
      'no-restricted-syntax': ['error', sqlTemplate],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [sqlDriverImports, anyDbImports] }],
      'no-restricted-syntax': ['error', sqlTemplate],
    },
  },
  {
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [edgeImports] }],
    },
  },
  {
    // The production processes (web, worker, realtime sidecar) log through lib/log.ts: JSON lines,
    // no SQL parameters, secrets redacted. The CLI scripts (npm test, staging, migrate, token, the
    // npm start launcher) talk to a person and keep console; so do tests and browser code.
    files: ['lib/**', 'workers/**', 'scripts/start-web.ts', 'app/api/**', 'auth.ts', 'proxy.ts', 'instrumentation.ts'],
    ignores: ['**/*.test.ts', 'lib/testing/**'],
    rules: { 'no-console': 'error' },
  },
);
