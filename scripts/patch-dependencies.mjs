/**
 * `postinstall`: fixes in installed dependencies that their releases do not have yet. Each patch
 * names the exact text it replaces and is applied once (a patched file is recognised and left
 * alone); when the text is not there (the package was upgraded), it says so and changes nothing,
 * so the next maintainer checks whether the release fixed it and deletes the patch.
 *
 * - postgres 3.4.9 (porsager/postgres#1066, #1154, #1208; fix proposed in #1168): a small write is
 *   flushed from a setImmediate; when the server goes away (PostgreSQL restarted or crashed) that
 *   callback can run after the connection nulled its socket and throws a TypeError nobody can
 *   catch, which kills the whole process (found by bench/faults/broker-db-restart.ts: both
 *   workers died on the first PostgreSQL restart). The guard drops the buffered bytes of the dead
 *   socket (their queries were already rejected with CONNECTION_CLOSED) and resets the write
 *   state, so the connection reconnects cleanly instead of keeping a stale timer that would stop
 *   it from ever flushing again.
 * - pg-boss 10.4 (timgit/pg-boss#577): after a handler returns or throws, pg-boss completes or
 *   fails the job without awaiting it, so when the database is away at that moment the rejection
 *   is unhandled and Node ends the process (found by the same fault test, right after the first
 *   patch). The patch sends that error to pg-boss's `error` event, which the worker logs; the job
 *   stays active and its expiry hands it out again (every handler is idempotent).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MARK = '/* tts: patched (scripts/patch-dependencies.mjs) */';

const patches = [
  {
    name: 'postgres: no write to a closed socket',
    files: ['node_modules/postgres/src/connection.js', 'node_modules/postgres/cjs/src/connection.js', 'node_modules/postgres/cf/src/connection.js'],
    replacements: [
      [
        '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n',
        `  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      return false\n    }\n    const x = socket.write(chunk, fn)\n`,
      ],
      [
        '    incomings = null\n    clearImmediate(nextWriteTimer)\n',
        '    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n',
      ],
    ],
  },
  {
    name: 'pg-boss: no unhandled rejection from complete/fail after a handler',
    files: ['node_modules/pg-boss/src/manager.js'],
    replacements: [
      [
        '        this.complete(name, jobIds, jobIds.length === 1 ? result : undefined)\n      } catch (err) {\n        this.fail(name, jobIds, err)\n      }\n',
        `        ${MARK}\n        this.complete(name, jobIds, jobIds.length === 1 ? result : undefined).catch(e => this.emit(events.error, e))\n      } catch (err) {\n        this.fail(name, jobIds, err).catch(e => this.emit(events.error, e))\n      }\n`,
      ],
    ],
  },
];

for (const patch of patches) {
  for (const rel of patch.files) {
    const file = path.join(root, rel);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (text.includes(MARK)) continue;
    let next = text;
    const missing = patch.replacements.filter(([from]) => !next.includes(from));
    if (missing.length) {
      console.warn(`[patch-dependencies] ${patch.name}: ${rel} changed upstream; not patched. Check whether the release fixes it and remove the patch.`);
      continue;
    }
    for (const [from, to] of patch.replacements) next = next.replace(from, to);
    writeFileSync(file, next);
  }
}
