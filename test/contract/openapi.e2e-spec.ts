import { expect } from 'expect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildOpenApiDocument, stableJson } from '../../src/common/http/openapi';
import { startApp, TestApp } from '../support/app';

describe('the committed OpenAPI contract', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  it('matches the code (run `npm run openapi` after changing a route or DTO)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'openapi', 'openapi.json'), 'utf8');
    expect(stableJson(buildOpenApiDocument(t.app))).toBe(committed);
  });

  it('is served at /docs-json and Swagger UI at /docs', async () => {
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.info.title).toBe('Commerce API');
    expect(json.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('declares a response type and tag for every operation', () => {
    const document = buildOpenApiDocument(t.app);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const op = operation as { tags?: string[]; responses?: Record<string, unknown> };
        expect({ route: `${method} ${path}`, tagged: (op.tags ?? []).length > 0 }).toEqual({
          route: `${method} ${path}`,
          tagged: true,
        });
        expect({ route: `${method} ${path}`, responses: Object.keys(op.responses ?? {}).length > 0 }).toEqual({
          route: `${method} ${path}`,
          responses: true,
        });
      }
    }
  });
});
