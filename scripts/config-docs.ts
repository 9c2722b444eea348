/**
 * `npm run docs:config`: writes the README's configuration table and .env.example from the configuration
 * module's list of variables, so the docs cannot drift from the code (test/config.test.ts checks them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VARIABLES } from '../worker/config';

const ROOT = path.resolve(__dirname, '..');
const TABLE_START = '<!-- config-table:start (npm run docs:config) -->';
const TABLE_END = '<!-- config-table:end -->';

export function configTable(): string {
  return [
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...VARIABLES.map((v) => `| \`${v.name}\` | ${v.default ? `\`${v.default}\`` : '(unset)'} | ${v.description} |`),
  ].join('\n');
}

export function envExample(): string {
  const header = '# Every variable the service reads, with its default. Copy to .env and change what you need.\n';
  return header + VARIABLES.map((v) => `# ${v.description}\n${v.name}=${v.default}`).join('\n\n') + '\n';
}

export function readmeWithConfigTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${TABLE_START} ... ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${configTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const readmePath = path.join(ROOT, 'README.md');
  writeFileSync(readmePath, readmeWithConfigTable(readFileSync(readmePath, 'utf8')));
  writeFileSync(path.join(ROOT, '.env.example'), envExample());
  console.log('README.md configuration table and .env.example written');
}
