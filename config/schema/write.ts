/** Writes the generated JSON Schemas next to this file: `npx tsx config/schema/write.ts`. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedSchemas } from './generate.js';

const dir = dirname(fileURLToPath(import.meta.url));
for (const [name, content] of Object.entries(generatedSchemas())) {
  writeFileSync(join(dir, name), content);
  process.stderr.write(`wrote ${join(dir, name)}\n`);
}
