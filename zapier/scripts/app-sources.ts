/**
 * The source each Zapier app holds, generated into `zapier/apps/<id>/src/` from the repository's
 * one copy. `zapier-platform build` and `push` run the app's `_zapier-build` in its folder, then
 * copy that folder alone (zapier-platform-cli 19.1.0, `src/utils/build.js`: `copyDir(appDir,
 * workingDir)`) and zip from the copy, with `source.zip` made of the folder's files: an app must
 * hold everything it compiles. Its own files are its entry (`src/index.ts`) and its tests
 * (`*.test.ts` under `src/`); every module they import is copied in, with what that imports: the
 * factory (`zapier/src/` to `src/`), the core with only the app's own provider (`shared/` to
 * `src/core/`) and the checks every app's test runs (`zapier/test/app-contract.ts` to
 * `src/test/`). Relative imports are rewritten to match; each copy says in its first line which
 * file to edit instead.
 *
 *   npm run zapier:sources             writes the copies (npm --prefix zapier run build does too)
 *   npm run zapier:sources -- --check  lists the copies that differ from their source, exit 1 if any
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APPS = join(ROOT, 'zapier', 'apps');
const IMPORT = /(from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g;

/** Where each repository folder goes in an app (first match wins), relative paths with `/`. */
const PLACES = [
	{ source: 'shared/', target: 'src/core/' },
	{ source: 'zapier/test/', target: 'src/test/' },
	{ source: 'zapier/src/', target: 'src/' },
] as const;

/** One generated file: where it goes in the app, and what it holds. */
export interface Copy {
	/** Relative to the repository root, with `/`. */
	readonly source: string;
	/** Relative to the app folder, with `/`. */
	readonly target: string;
	readonly content: string;
}

/** The files an app writes itself: its entry and its tests. Everything else in `src/` is generated. */
function isOwn(target: string): boolean {
	return target === 'src/index.ts' || (target.startsWith('src/') && target.endsWith('.test.ts'));
}

function targetOf(source: string): string {
	const place = PLACES.find((entry) => source.startsWith(entry.source));
	if (place === undefined) throw new Error(`${source} is imported, but no app can hold it`);
	return place.target + source.slice(place.source.length);
}

function sourceOf(target: string): string {
	const place = PLACES.find((entry) => target.startsWith(entry.target));
	if (place === undefined) throw new Error(`${target} is imported, but nothing generates it`);
	return place.source + target.slice(place.target.length);
}

/** The repository file a relative import in `from` names (`./x.js` is `x.ts`). */
function resolveImport(from: string, specifier: string): string {
	const path = posix.join(posix.dirname(from), specifier);
	if (path.endsWith('.js')) return path.replace(/\.js$/, '.ts');
	if (existsSync(join(ROOT, `${path}.ts`))) return `${path}.ts`;
	return `${path}/index.ts`;
}

function specifiers(text: string): string[] {
	return [...text.matchAll(IMPORT)].map(([, , specifier]) => specifier as string);
}

function filesUnder(folder: string, base = folder): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? filesUnder(join(folder, entry.name), base)
			: [relative(base, join(folder, entry.name)).split('\\').join('/')],
	);
}

/** The app's own files, relative to its folder: `src/index.ts` and its tests. */
function ownFiles(folder: string): string[] {
	return filesUnder(join(folder, 'src'))
		.map((file) => `src/${file}`)
		.filter(isOwn);
}

/** Every repository file the app's own files reach, following relative imports. */
function sourcesOf(folder: string): string[] {
	const queue = ownFiles(folder).flatMap((own) =>
		specifiers(readFileSync(join(folder, own), 'utf8'))
			.map((specifier) => posix.join(posix.dirname(own), specifier).replace(/\.js$/, '.ts'))
			.filter((target) => !isOwn(target))
			.map(sourceOf),
	);
	const found = new Set<string>();
	for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
		if (found.has(file)) continue;
		if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing`);
		found.add(file);
		for (const specifier of specifiers(readFileSync(join(ROOT, file), 'utf8')))
			queue.push(resolveImport(file, specifier));
	}
	return [...found].sort();
}

/** A module's text as the app holds it: its relative imports pointed at the copies. */
function rewriteImports(source: string, text: string): string {
	const target = targetOf(source);
	return text.replace(IMPORT, (_whole, lead: string, specifier: string) => {
		const imported = targetOf(resolveImport(source, specifier));
		const rewritten = posix.relative(posix.dirname(target), imported).replace(/\.ts$/, '.js');
		return `${lead}'${rewritten.startsWith('.') ? rewritten : `./${rewritten}`}'`;
	});
}

async function copyOf(folder: string, source: string): Promise<Copy> {
	const target = targetOf(source);
	const header = `// Generated from ${source} by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.\n`;
	const text = header + rewriteImports(source, readFileSync(join(ROOT, source), 'utf8'));
	// Formatted by the repository's settings wherever the folder is (a test copies it away).
	const options = { ...(await resolveConfig(join(ROOT, source))), filepath: join(folder, target) };
	return { source, target, content: await format(text, options) };
}

/** The Zapier app folders: each `zapier/apps/<id>/` with a manifest. */
export function appFolders(): string[] {
	return readdirSync(APPS)
		.sort()
		.map((id) => join(APPS, id))
		.filter((folder) => existsSync(join(folder, 'package.json')));
}

/** What `folder`'s `src/` must hold besides its own files, generated from the repository. */
export async function plannedCopies(folder: string): Promise<Copy[]> {
	return Promise.all(sourcesOf(folder).map((source) => copyOf(folder, source)));
}

/** The files of `folder`'s `src/` that differ from what would be generated, missing, or not generated. */
export async function staleCopies(folder: string): Promise<string[]> {
	const planned = await plannedCopies(folder);
	const wanted = new Set(planned.map((copy) => copy.target));
	const held = filesUnder(join(folder, 'src'))
		.map((file) => `src/${file}`)
		.filter((file) => !isOwn(file));
	const differing = planned
		.filter((copy) => {
			const path = join(folder, copy.target);
			return !existsSync(path) || readFileSync(path, 'utf8') !== copy.content;
		})
		.map((copy) => copy.target);
	return [...differing, ...held.filter((file) => !wanted.has(file))].sort();
}

/** Removes the folders under `folder` that hold no file any more. */
function pruneEmpty(folder: string): void {
	for (const entry of readdirSync(folder, { withFileTypes: true }))
		if (entry.isDirectory()) {
			const path = join(folder, entry.name);
			pruneEmpty(path);
			if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
		}
}

/** Writes `folder`'s copies, removing any file in its `src/` that is neither its own nor generated. */
export async function writeCopies(folder: string): Promise<number> {
	const planned = await plannedCopies(folder);
	for (const file of filesUnder(join(folder, 'src')))
		if (!isOwn(`src/${file}`)) rmSync(join(folder, 'src', file));
	pruneEmpty(join(folder, 'src'));
	for (const copy of planned) {
		const path = join(folder, copy.target);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, copy.content);
	}
	return planned.length;
}

async function main(check: boolean): Promise<void> {
	let stale = 0;
	for (const folder of appFolders()) {
		const name = relative(ROOT, folder).split('\\').join('/');
		if (!check) {
			console.log(`${name}: ${await writeCopies(folder)} files generated`);
			continue;
		}
		for (const file of await staleCopies(folder)) {
			console.log(`${name}/${file} differs from its source: run npm run zapier:sources`);
			stale += 1;
		}
	}
	if (stale > 0) process.exit(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
	main(process.argv.includes('--check')).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
