import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for';

/** Debian's Celery lives in the system Python; the `python3` on PATH may not import it. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const PEER_DIR = path.resolve('lib/testing/celery');

export interface CeleryRecord {
  task: string;
  id: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  queue: string | null;
}

export interface CeleryWorker {
  /** Tasks the worker executed so far, in order. */
  records(): CeleryRecord[];
  output(): string;
  stop(): Promise<void>;
}

/** Fails at once with the install command when Debian's python3-celery is missing. */
export async function assertCeleryInstalled(): Promise<void> {
  try {
    await promisify(execFile)(SYSTEM_PYTHON, ['-c', 'import celery, kombu'], { timeout: 20_000 });
  } catch (err) {
    throw new Error(
      `Celery 5 is not importable by ${SYSTEM_PYTHON} (${(err as Error).message.split('\n')[0]}).\n` +
        'Install it with: apt-get install -y python3-celery (it is listed in .ci/apt-packages.txt)',
    );
  }
}

/**
 * A real Celery 5 worker (lib/testing/celery/tts_peer.py) consuming `queues` on the broker, as AMS,
 * BMS, the ticket service and the notification service would; it records each task it runs.
 */
export async function startCeleryWorker(o: { brokerUrl: string; queues: string[] }): Promise<CeleryWorker> {
  await assertCeleryInstalled();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tts-celery-'));
  const recordFile = path.join(dir, 'executed.jsonl');
  let output = '';
  const child: ChildProcess = spawn(
    SYSTEM_PYTHON,
    ['-m', 'celery', '-A', 'tts_peer', 'worker', '-Q', o.queues.join(','), '-P', 'solo', '-l', 'info', '--without-heartbeat', '--without-mingle', '--without-gossip', '-n', `tts-peer-${process.pid}@%h`],
    { cwd: PEER_DIR, env: { ...process.env, CELERY_BROKER_URL: o.brokerUrl, TTS_PEER_RECORD: recordFile, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  try {
    await waitFor('the Celery worker to be ready', () => {
      if (child.exitCode !== null) throw new Error(`celery worker exited with ${child.exitCode}:\n${output}`);
      return / ready\.\s*$/m.test(output);
    }, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- celery output ---\n${output}`);
  }

  return {
    records() {
      if (!existsSync(recordFile)) return [];
      return readFileSync(recordFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as CeleryRecord);
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
