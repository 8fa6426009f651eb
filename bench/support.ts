// Helpers shared by the benchmarks: a database and Redis prefix of their own, child processes, the results table.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '../src/common/database';
import { deleteKeysWithPrefix } from '../src/common/redis/delete-keys';

export const log = (message: string) => console.log(`[bench] ${message}`);

/** A fresh database URL and Redis prefix for one run (the database is created by the app's migrations at start). */
export function benchTarget() {
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/commerce');
  url.pathname = `/commerce_bench_${id}`;
  return { databaseUrl: url.toString(), redisPrefix: `commerce_bench_${id}` };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
  return child;
}

/** The environment of the real app as a benchmark runs it: production mode, no workers, no demo data, no admin. */
export function appEnvironment(target: { databaseUrl: string; redisPrefix: string }, port: number, jwtSecret: string) {
  return {
    DATABASE_URL: target.databaseUrl,
    DATABASE_POOL_SIZE: '20',
    PORT: String(port),
    WORKERS: 'off',
    NODE_ENV: 'production',
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
    MIGRATIONS_RUN: 'false',
    REDIS_PREFIX: target.redisPrefix,
    SEED_DEMO: 'off',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  };
}

export async function waitUntilUp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function stopProcesses(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM')),
        ),
    ),
  );
}

/** Drops the run's database and Redis keys, unless KEEP_BENCH_DATABASE is set. */
export async function cleanup(target: { databaseUrl: string; redisPrefix: string }) {
  if (process.env.KEEP_BENCH_DATABASE) return log(`kept ${target.databaseUrl}`);
  await dropDatabase(target.databaseUrl);
  await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', target.redisPrefix);
}

/** Prints a Markdown table under its title and keeps it under bench/results/<name>-<time>.md (not committed). */
export function report(name: string, title: string, header: string[], rows: string[][], notes: string[] = []) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  const extra = notes.length ? `\n\n${notes.join('\n')}` : '';
  console.log(`\n${title}\n\n${table}${extra}`);
  const results = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const file = join(results, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  writeFileSync(file, `${title} (load average ${load})\n\n${table}${extra}\n`);
  log(`wrote ${file}`);
}
