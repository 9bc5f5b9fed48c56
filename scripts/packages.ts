/**
 * Lays out each n8n package under `packages/<name>/` from the built `dist/`: its node, its
 * credential, their icons and codex files, and every module they import, followed from the
 * compiled `require`s. A package holds nothing it does not load (no other provider's code).
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(__dirname, '..');
const REQUIRE = /require\("(\.{1,2}\/[^"]+)"\)/g;
const ICON = /['"]file:([\w.-]+\.(?:svg|png))['"]/g;

interface Manifest {
	readonly name: string;
	readonly n8n: { readonly nodes: string[]; readonly credentials: string[] };
}

/** Every compiled module `entry` loads, itself included, as paths relative to the root. */
function closure(entries: readonly string[]): Set<string> {
	const found = new Set<string>();
	const queue = [...entries];
	for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
		if (found.has(file)) continue;
		const source = join(root, file);
		if (!existsSync(source)) throw new Error(`${file} is missing: run the build first`);
		found.add(file);
		for (const [, specifier] of readFileSync(source, 'utf8').matchAll(REQUIRE))
			queue.push(relative(root, join(dirname(source), specifier as string)));
	}
	return found;
}

/** The icons each entry names (`file:…`) and a node's codex file, which n8n reads by name. */
function assets(entries: readonly string[]): string[] {
	return entries.flatMap((entry) => {
		const source = readFileSync(join(root, entry), 'utf8');
		const icons = [...source.matchAll(ICON)].map(([, file]) =>
			join(dirname(entry), file as string),
		);
		const codex = entry.replace(/\.js$/, '.json');
		return [...new Set(icons), ...(existsSync(join(root, codex)) ? [codex] : [])];
	});
}

export function layOutPackages(): string[] {
	const made: string[] = [];
	for (const name of readdirSync(join(root, 'packages'))) {
		const folder = join(root, 'packages', name);
		const manifestPath = join(folder, 'package.json');
		if (!existsSync(manifestPath)) continue;
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
		const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		rmSync(join(folder, 'dist'), { recursive: true, force: true });
		const files = [...closure(entries), ...assets(entries)];
		for (const file of files) cpSync(join(root, file), join(folder, file));
		cpSync(join(root, 'LICENSE'), join(folder, 'LICENSE'));
		made.push(`${manifest.name}: ${files.length} files`);
	}
	return made;
}

if (require.main === module) for (const line of layOutPackages()) console.log(line);
