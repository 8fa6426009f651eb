// npm run bench -- <name>: runs bench/<name>.ts from the build (e.g. `npm run bench -- catalog`, `npm run bench -- checkout`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const name = process.argv[2];
const file = name ? join(__dirname, `${name}.js`) : '';
if (!name || !/^[a-z-]+$/.test(name) || !existsSync(file)) {
  console.error('usage: npm run bench -- <name>   (available: catalog, checkout)');
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require(file) as { main: () => Promise<void> }).main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
