// Copies the connector's core (../shared) into src/core so the app compiles it into dist/ and
// the folder deploys on its own. Outside the repository (a copy of zapier/ alone) the copy
// already made is used as it is.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(app, '..', 'shared');
const target = join(app, 'src', 'core');

if (existsSync(join(source, 'index.ts'))) {
	rmSync(target, { recursive: true, force: true });
	cpSync(source, target, { recursive: true, filter: (path) => !path.endsWith('.test.ts') });
	console.log('core: copied ../shared into src/core');
} else if (!existsSync(join(target, 'index.ts'))) {
	console.error('core: neither ../shared nor src/core exists; build from the repository first');
	process.exit(1);
}
