// tsc writes files without the execute bit; npx runs a package's own bin directly, so it needs it.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const rel of Object.values(pkg.bin ?? {})) {
  const file = join(root, rel);
  if (!existsSync(file)) {
    console.error(`make-bin-executable: ${file} was not built; check the TypeScript build output above`);
    process.exit(1);
  }
  chmodSync(file, 0o755);
}
