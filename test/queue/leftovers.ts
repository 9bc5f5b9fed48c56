/** What a queue stack left on the machine, found by its label (`QueueStackOptions.label`). */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { databasesNamed } from './services.js';

export interface Leftovers {
	/** Its PostgreSQL databases. */
	databases: string[];
	/** Its folders in the temporary folder. */
	folders: string[];
	/** Processes whose command line names its folder (its nginx and Redis), as `pid command`. */
	processes: string[];
}

/** The databases, folders and processes of the stacks labelled `label` still on this machine. */
export function leftovers(label: string): Leftovers {
	const folderPrefix = `outreach-n8n-queue-${label}-`;
	const processes = spawnSync('pgrep', ['-af', folderPrefix], { encoding: 'utf8' })
		.stdout.split('\n')
		.filter(Boolean);
	return {
		databases: databasesNamed(`n8n_queue_${label}_`),
		folders: readdirSync(tmpdir()).filter((name) => name.startsWith(folderPrefix)),
		processes,
	};
}
