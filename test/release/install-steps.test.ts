import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { FAILURE_TAIL_LINES, InstallSteps } from '../../scripts/install-steps.js';

const folders: string[] = [];
afterEach(() => {
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Steps logging into a fresh folder, with what they print collected. */
function steps(): { steps: InstallSteps; printed: () => string; log: string } {
	const folder = mkdtempSync(join(tmpdir(), 'install-steps-'));
	folders.push(folder);
	let printed = '';
	const log = join(folder, 'logs', 'tool-1.0.log');
	return {
		steps: new InstallSteps('tool-1.0', log, (text) => (printed += text)),
		printed: () => printed,
		log,
	};
}

const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });

describe('InstallSteps', () => {
	it('run prints one line with the step and its time, and keeps the output in the log only', () => {
		const { steps: install, printed, log } = steps();
		const out = install.run({
			label: 'npm install tool@1.0',
			...node('console.log("added 900 packages"); console.error("npm warn ERESOLVE peer")'),
		});
		expect(out).toBe('added 900 packages\n');
		expect(printed()).toMatch(/^\[toolchain\] tool-1\.0: npm install tool@1\.0 \.\.\. \d+ s\n$/);
		expect(readFileSync(log, 'utf8')).toContain('added 900 packages\nnpm warn ERESOLVE peer');
	});

	it("run throws on a failed command, printing the log's last lines and its path", () => {
		const { steps: install, printed, log } = steps();
		const lines = 'for (let i = 1; i <= 100; i++) console.error("gyp line " + i); process.exit(3)';
		expect(() => install.run({ label: 'compile sqlite3', ...node(lines) })).toThrow(
			`tool-1.0: compile sqlite3 failed (exit code 3); its output is in ${log}`,
		);
		const text = printed();
		expect(text).toMatch(/compile sqlite3 \.\.\. failed after \d+ s \(exit code 3\)\n/);
		expect(text).toContain('  | gyp line 100\n');
		expect(text).toContain(`  | gyp line ${100 - FAILURE_TAIL_LINES + 1}\n`);
		expect(text).not.toContain(`gyp line ${100 - FAILURE_TAIL_LINES}\n`);
		expect(text).toContain(`[toolchain] the whole output: ${log}\n`);
		expect(readFileSync(log, 'utf8')).toContain('gyp line 1\n');
	});

	it('run throws when the output shows a problem, with the problem in the log', () => {
		const { steps: install, printed, log } = steps();
		expect(() =>
			install.run({
				label: 'node --version',
				...node('console.log("v22.0.0")'),
				problem: (out) => (out.trim() === 'v24.21.0' ? undefined : `got ${out.trim()}`),
			}),
		).toThrow(/node --version failed \(got v22\.0\.0\)/);
		expect(printed()).toContain('  | got v22.0.0');
		expect(readFileSync(log, 'utf8')).toContain('got v22.0.0');
	});

	it('a command that cannot start fails the step with the reason', () => {
		const { steps: install } = steps();
		expect(() => install.run({ label: 'missing', command: '/nonexistent/tool', args: [] })).toThrow(
			/missing failed \(spawnSync \/nonexistent\/tool ENOENT\)/,
		);
	});
});
