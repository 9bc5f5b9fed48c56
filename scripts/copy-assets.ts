/** Copies what tsc does not emit but n8n loads from `dist/`: icons and codex files. */
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const ASSET = /\.(svg|png)$|\.node\.json$/;
let copied = 0;
for (const folder of ['nodes', 'credentials']) {
	for (const file of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
		if (!ASSET.test(file)) continue;
		cpSync(join(root, folder, file), join(root, 'dist', folder, file));
		copied += 1;
	}
}
console.log(`copied ${copied} assets into dist/`);
