import { expect } from 'expect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Environment } from '../../src/config/environment';

const root = join(__dirname, '..', '..', '..');

describe('the README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('documents every configuration variable in its table', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(new Environment()).sort());
  });

  it('opens with the two commands CI and newcomers run', () => {
    expect(readme).toMatch(/npm ci && npm start/);
    expect(readme).toMatch(/npm ci && npm test/);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
