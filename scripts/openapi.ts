// npm run openapi: writes the spec of the code as it is to openapi/openapi.json (keys sorted),
// the contract that a test compares with the code on every run.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap';
import { buildOpenApiDocument, stableJson } from '../src/common/http/openapi';
import { loadEnvironment } from '../src/config/environment';

async function main() {
  // The app starts as `npm start` does (database created and migrated when needed): its start-up hooks read tables.
  const env = loadEnvironment({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await createApp(env, { workers: false });
  await app.init();
  const path = join(__dirname, '..', '..', 'openapi', 'openapi.json');
  writeFileSync(path, stableJson(buildOpenApiDocument(app)));
  await app.close();
  console.log(`wrote ${path}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
