// Copies the connector's core (../shared) and the app factory (src/) into each app's src/, beside
// its entry (index.ts), so that each app compiles into its own dist/ and its folder deploys on its
// own. An app gets only its own provider's definition: apps/<id> gets shared/providers/<id>. The
// factory's own copy of the core (src/core) is refreshed too, for its typecheck and tests. An
// app's own build (`npm run build` there, which Zapier's CLI runs) only compiles, so a copy of
// the app folder alone builds from the copies made here.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(workspace, '..', 'shared');
const factory = join(workspace, 'src');
const notATest = (path) => !path.endsWith('.test.ts');

if (!existsSync(join(shared, 'index.ts'))) {
	console.error('apps: ../shared is missing; sync from the repository');
	process.exit(1);
}

rmSync(join(factory, 'core'), { recursive: true, force: true });
cpSync(shared, join(factory, 'core'), { recursive: true, filter: notATest });

for (const id of readdirSync(join(workspace, 'apps'))) {
	const src = join(workspace, 'apps', id, 'src');
	if (!existsSync(join(src, 'index.ts'))) continue;
	if (!existsSync(join(shared, 'providers', id, 'index.ts'))) {
		console.error(`apps: ${id} has no provider definition at shared/providers/${id}`);
		process.exit(1);
	}
	for (const entry of readdirSync(src))
		if (entry !== 'index.ts') rmSync(join(src, entry), { recursive: true, force: true });
	cpSync(factory, src, {
		recursive: true,
		filter: (path) => relative(factory, path).split(sep)[0] !== 'core',
	});
	cpSync(shared, join(src, 'core'), {
		recursive: true,
		filter: (path) => {
			const [first, provider] = relative(shared, path).split(sep);
			return notATest(path) && (first !== 'providers' || provider === undefined || provider === id);
		},
	});
	console.log(`apps: ${id} has the factory and the core with only its own provider`);
}
