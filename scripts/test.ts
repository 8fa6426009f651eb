// npm test: one fresh database and Redis prefix for the whole run, then node's test runner over
// the compiled unit (*.spec.js) and e2e (*.e2e-spec.js) suites. Pass file filters as arguments:
//   npm test -- identity        runs the suites whose path contains "identity"
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';

const dist = join(__dirname, '..');

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return /\.(e2e-)?spec\.js$/.test(name) ? [path] : [];
  });
}

async function main() {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const files = [...findTests(join(dist, 'src')), ...findTests(join(dist, 'test'))]
    .filter((f) => !filters.length || filters.some((p) => relative(dist, f).includes(p)))
    .sort();
  if (!files.length) throw new Error(`no test files match ${filters.join(' ')}`);

  await globalSetup();
  let code = 1;
  try {
    code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--enable-source-maps',
          '--test',
          '--test-reporter=spec',
          `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
          '--test-timeout=120000',
          ...files,
        ],
        { stdio: 'inherit', env: process.env },
      );
      child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    });
  } finally {
    await globalTeardown();
  }
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
