/**
 * n8n's own gates, on each package as n8n Cloud's verification meets it: `n8n-node cloud-support`
 * and `n8n-node lint` in its folder, and n8n's scanner on its source as the scanner fetches it
 * (the repository's files at a commit, nothing built) and on its tarball.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packExtensions, type Extensions } from '../harness/pack.js';
import { scan, SOURCE, TARBALL } from '../harness/scanner.js';
import { withoutRunnerSettings } from '../../scripts/toolchain.js';

const ROOT = join(__dirname, '..', '..');
const N8N_NODE = join(ROOT, 'node_modules', '.bin', 'n8n-node');
const NAMES = ['n8n-nodes-kakiyo', 'n8n-nodes-saleshandy', 'n8n-nodes-breakcold'] as const;

function run(command: string, args: string[], cwd: string) {
	// As its author runs it: outside a test runner (n8n's lint plugin reads NODE_ENV), without colour.
	return spawnSync(command, args, {
		cwd,
		encoding: 'utf8',
		env: { ...withoutRunnerSettings(process.env), NO_COLOR: '1' },
	});
}

/** The repository as the scanner downloads it at a commit: tracked files only, nothing built. */
function checkout(into: string): string {
	const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
	for (const file of listed.stdout.split('\0').filter(Boolean)) {
		mkdirSync(join(into, dirname(file)), { recursive: true });
		cpSync(join(ROOT, file), join(into, file));
	}
	return into;
}

let packed: Extensions;
let source: string;
const scratch = mkdtempSync(join(tmpdir(), 'gates-'));

beforeAll(() => {
	packed = packExtensions();
	source = checkout(join(scratch, 'source'));
}, 300_000);

afterAll(() => {
	rmSync(scratch, { recursive: true, force: true });
	if (packed) rmSync(packed.folder, { recursive: true, force: true });
});

describe.each(NAMES)('%s through n8n’s gates', (name) => {
	const folder = join(ROOT, 'packages', name);

	it('n8n-node cloud-support says it is eligible for n8n Cloud verification', () => {
		const result = run(N8N_NODE, ['cloud-support'], folder);
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('Cloud support is ENABLED');
		expect(result.stdout).toContain('Strict mode: enabled');
		expect(result.stdout).toContain('eligible for n8n Cloud verification');
	});

	it('n8n-node lint passes in its folder, strict', () => {
		const result = run(N8N_NODE, ['lint'], folder);
		expect(result.stdout + result.stderr).not.toContain('Strict mode violation');
		expect(result.status, result.stdout + result.stderr).toBe(0);
	});

	it("the scanner finds the package's own folder in the repository and passes its source", () => {
		const analysis = scan(source, name, SOURCE);
		expect(analysis.root).toBe(join(source, 'packages', name));
		expect(analysis.details ?? analysis.message ?? '').toBe('');
		expect(analysis.passed).toBe(true);
	});

	it("the scanner reads the node's own source there, not only a manifest", () => {
		const service = name.replace('n8n-nodes-', '').replace(/^./, (c) => c.toUpperCase());
		const copy = join(scratch, `${name}-planted`);
		cpSync(join(source, 'packages', name), copy, { recursive: true });
		const node = join(copy, 'nodes', `${service}Trigger`, `${service}Trigger.node.ts`);
		appendFileSync(node, '\nsetTimeout(() => {}, 1);\n');
		const analysis = scan(copy, name, SOURCE);
		expect(analysis.passed).toBe(false);
		expect(analysis.details).toContain('no-restricted-globals');
		expect(analysis.details).toContain(`${service}Trigger.node.ts`);
	});

	it('the scanner passes its tarball', () => {
		const analysis = scan(packed.packages[name] as string, name, TARBALL);
		expect(analysis.details ?? analysis.message ?? '').toBe('');
		expect(analysis.passed).toBe(true);
	});
});

describe('the scanner can fail', () => {
	it('a timer in the generated core of a source copy fails the scan, naming the rule', () => {
		const copy = join(scratch, 'planted-core');
		cpSync(join(source, 'packages', 'n8n-nodes-kakiyo'), copy, { recursive: true });
		appendFileSync(join(copy, 'nodes', 'shared', 'verify.ts'), '\nsetTimeout(() => {}, 1);\n');
		const analysis = scan(copy, 'n8n-nodes-kakiyo', SOURCE);
		expect(analysis.passed).toBe(false);
		expect(analysis.details).toContain('no-restricted-globals');
	});
});
