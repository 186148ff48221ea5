import { randomBytes, scrypt as scryptCb, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's recommended cost (N=2^17, r=8, p=1: 128 MiB, a few hundred ms here). The cost
 * is stored with each hash, so it can be raised later: a hash made at a lower cost is still
 * verified, and `needsRehash` tells sign-in to store it again at the current one.
 */
const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, length: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Stored as `scrypt$<N>$<r>$<p>$<salt hex>$<hash hex>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

interface Parsed {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return null;
  // Earlier form `scrypt$<salt>$<hash>`: Node's default cost.
  const [n, r, p, saltHex, hashHex] = parts.length === 3 ? ['16384', '8', '1', parts[1], parts[2]] : parts.slice(1);
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const isSane = Number.isInteger(Math.log2(cost.N)) && cost.N >= 2 ** 10 && cost.N <= 2 ** 20 && cost.r >= 1 && cost.r <= 32 && cost.p >= 1 && cost.p <= 16;
  if (!isSane || !saltHex || !hashHex) return null;
  return { cost, salt: Buffer.from(saltHex, 'hex'), hash: Buffer.from(hashHex, 'hex') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const actual = await scrypt(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(parsed.hash, actual);
}

/** A hash made at a lower cost than the current one (store it again after a successful sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost.N < COST.N || parsed.cost.r < COST.r || parsed.cost.p < COST.p;
}
