import postgres from 'postgres';

/**
 * Creating and dropping whole databases on a server, for the scripts that give a run its own
 * database (npm test's e2e database, the staging layout). `adminUrl` is a connection to any
 * database on that server as a user who may create databases; the new database's URL is the same
 * URL with the path replaced.
 */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the database `name` (a plain identifier: letters, digits, underscores) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database ${quoteName(name)}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(adminUrl, name);
}

/** Drops the database `name` if it exists, closing the connections still open on it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`drop database if exists ${quoteName(name)} with (force)`);
  } finally {
    await admin.end();
  }
}

function quoteName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
