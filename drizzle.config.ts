import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates migrations from the schema; it never needs a live database here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
