/**
 * The source each n8n package ships, generated into `packages/<name>/` from the repository's one
 * copy, where n8n's `n8n-node build` compiles it and n8n's scanner reads it (`nodes/` and
 * `credentials/`): the package's node and credential with their icons and codex file, and every
 * module they import (the trigger factory, the core and only the package's own provider). The core
 * moves from `shared/` to `nodes/shared/`; imports are rewritten to match. Each copy that can
 * hold a comment says in its first line which file to edit instead.
 *
 *   npm run sources            writes the copies (npm run build does too)
 *   npm run sources -- --check lists the copies that differ from their source, exit 1 if any
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';

const ROOT = join(__dirname, '..');
const PACKAGES = join(ROOT, 'packages');
/** The folders of a package that hold generated copies, and nothing else. */
const GENERATED = ['nodes', 'credentials'] as const;
const IMPORT = /(from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g;
const ICON = /['"]file:([\w.-]+\.(?:svg|png))['"]/g;

interface Manifest {
	readonly name: string;
	readonly n8n: { readonly nodes: readonly string[]; readonly credentials: readonly string[] };
}

/** One generated file: where it goes in the package, and what it holds. */
export interface Copy {
	/** Relative to the repository root, with `/`. */
	readonly source: string;
	/** Relative to the package folder, with `/`. */
	readonly target: string;
	readonly content: string;
}

/** Where a repository file goes in a package: the core under `nodes/shared/`, the rest as is. */
function targetOf(source: string): string {
	return source.startsWith('shared/') ? `nodes/${source}` : source;
}

/** The TypeScript source a compiled entry (`dist/nodes/X/X.node.js`) comes from. */
function sourceOfEntry(entry: string): string {
	return entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/** The repository file a relative import in `from` names (`./x.js` is `x.ts`). */
function resolveImport(from: string, specifier: string): string {
	const path = posix.join(posix.dirname(from), specifier);
	if (path.endsWith('.js')) return path.replace(/\.js$/, '.ts');
	if (existsSync(join(ROOT, `${path}.ts`))) return `${path}.ts`;
	return `${path}/index.ts`;
}

function header(source: string, kind: 'ts' | 'svg'): string {
	const line = `Generated from ${source} by scripts/package-sources.ts: edit that file, then run npm run sources.`;
	return kind === 'ts' ? `// ${line}\n` : `<!-- ${line} -->\n`;
}

/** A module's text as the package holds it: its relative imports pointed at the copies. */
function rewriteImports(source: string, text: string): string {
	const target = targetOf(source);
	return text.replace(IMPORT, (whole, lead: string, specifier: string) => {
		const imported = targetOf(resolveImport(source, specifier));
		const rewritten = posix.relative(posix.dirname(target), imported).replace(/\.ts$/, '.js');
		return `${lead}'${rewritten.startsWith('.') ? rewritten : `./${rewritten}`}'`;
	});
}

/** Every repository file a package ships, from its manifest's entries: modules, icons, codex. */
function sourcesOf(manifest: Manifest): string[] {
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map(sourceOfEntry);
	const found = new Set<string>();
	const queue = [...entries];
	for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
		if (found.has(file)) continue;
		if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing`);
		found.add(file);
		const text = readFileSync(join(ROOT, file), 'utf8');
		for (const [, , specifier] of text.matchAll(IMPORT))
			queue.push(resolveImport(file, specifier as string));
	}
	const assets = entries.flatMap((entry) => {
		const text = readFileSync(join(ROOT, entry), 'utf8');
		const icons = [...text.matchAll(ICON)].map(([, file]) =>
			posix.join(posix.dirname(entry), file as string),
		);
		const codex = entry.replace(/\.ts$/, '.json');
		return [...icons, ...(existsSync(join(ROOT, codex)) ? [codex] : [])];
	});
	return [...found, ...new Set(assets)].sort();
}

async function copyOf(folder: string, source: string): Promise<Copy> {
	const target = targetOf(source);
	const text = readFileSync(join(ROOT, source), 'utf8');
	if (source.endsWith('.ts')) {
		// Formatted by the repository's settings wherever the folder is (a test copies it away).
		const options = {
			...(await resolveConfig(join(ROOT, source))),
			filepath: join(folder, target),
		};
		const content = await format(header(source, 'ts') + rewriteImports(source, text), options);
		return { source, target, content };
	}
	// A codex file is JSON, which holds no comment: it is copied as it is.
	const content = source.endsWith('.svg') ? header(source, 'svg') + text : text;
	return { source, target, content };
}

/** The n8n package folders: each `packages/<name>/` with a manifest. */
export function packageFolders(): string[] {
	return readdirSync(PACKAGES)
		.map((name) => join(PACKAGES, name))
		.filter((folder) => existsSync(join(folder, 'package.json')));
}

/** What `folder`'s `nodes/` and `credentials/` must hold, generated from the repository. */
export async function plannedCopies(folder: string): Promise<Copy[]> {
	const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
	return Promise.all(sourcesOf(manifest).map((source) => copyOf(folder, source)));
}

function filesUnder(folder: string, base = folder): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? filesUnder(join(folder, entry.name), base)
			: [relative(base, join(folder, entry.name)).split('\\').join('/')],
	);
}

/** The files of `folder` that differ from what would be generated, missing, or not generated. */
export async function staleCopies(folder: string): Promise<string[]> {
	const planned = await plannedCopies(folder);
	const wanted = new Set(planned.map((copy) => copy.target));
	const held = GENERATED.flatMap((sub) => filesUnder(join(folder, sub)).map((f) => `${sub}/${f}`));
	const differing = planned
		.filter((copy) => {
			const path = join(folder, copy.target);
			return !existsSync(path) || readFileSync(path, 'utf8') !== copy.content;
		})
		.map((copy) => copy.target);
	return [...differing, ...held.filter((file) => !wanted.has(file))].sort();
}

/** Writes `folder`'s copies, removing any file there that is no longer generated. */
export async function writeCopies(folder: string): Promise<number> {
	const planned = await plannedCopies(folder);
	for (const sub of GENERATED) rmSync(join(folder, sub), { recursive: true, force: true });
	for (const copy of planned) {
		const path = join(folder, copy.target);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, copy.content);
	}
	return planned.length;
}

async function main(check: boolean): Promise<void> {
	let stale = 0;
	for (const folder of packageFolders()) {
		const name = relative(ROOT, folder);
		if (!check) {
			console.log(`${name}: ${await writeCopies(folder)} files generated`);
			continue;
		}
		for (const file of await staleCopies(folder)) {
			console.log(`${name}/${file} differs from its source: run npm run sources`);
			stale += 1;
		}
	}
	if (stale > 0) process.exit(1);
}

if (require.main === module)
	main(process.argv.includes('--check')).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
