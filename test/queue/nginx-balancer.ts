/** nginx in front of n8n's queue mode: webhook deliveries to the webhook processes, the rest to main. */

/**
 * How nginx picks a webhook process for a delivery: `round-robin` (nginx's default), or a
 * consistent hash of an nginx expression, e.g. `$http_x_kakiyo_signature`, so that every request
 * with the same value reaches the same process while it is up.
 */
export type Balance = 'round-robin' | { hash: string };

export interface BalancerConfig {
	/** The port nginx listens on. */
	port: number;
	/** The address it listens on; loopback by default. */
	listen?: string;
	/** The webhook processes, `host:port` each. */
	webhooks: readonly string[];
	/** n8n's main process, `host:port`: editor, API and test webhooks' registration. */
	main: string;
	/** How a webhook process is chosen; `round-robin` by default. */
	balance?: Balance;
	/** How long nginx waits for an answer from n8n, in seconds; 60 by default. */
	readTimeoutSeconds?: number;
	/**
	 * A folder for nginx's pid file, logs and temporary files, for an nginx run as a test's own
	 * process; absent, the system's nginx keeps its own (the lines are left out).
	 */
	runtimeFolder?: string;
	/** The user nginx's workers run as, when nginx starts as root; the system's default otherwise. */
	user?: string;
}

/**
 * What a delivery and each of its retries share, and an attacker cannot change without breaking
 * its proof: the body. Every provider's retry repeats it byte for byte (Breakcold signs each retry
 * anew, in headers, over the same body), so the hash sends them all to the process that saw the
 * first; nothing unsigned (a delivery id header, the URL's query, a header's case or copies)
 * takes part. The config makes sure there is always a body to hash and that n8n verifies exactly
 * those bytes (see `WEBHOOK_BODY_LINES`).
 */
export const DELIVERY_KEY = '$request_body';

/** The largest delivery body nginx passes to a webhook process; larger ones get 413. */
export const WEBHOOK_BODY_MAX = '1m';

/**
 * What `/webhook/` takes, so that the body n8n verifies is the `$request_body` nginx hashed:
 * - a body of up to `WEBHOOK_BODY_MAX` in one memory buffer of that size: nginx writes a body
 *   it cannot hold to a temporary file, and such a body has no `$request_body`;
 * - with a Content-Length, never chunked (411): nginx holds a chunked body's framing in the same
 *   buffer, and chunk extensions, which it skips, can pad a 7-byte body past any size, sending a
 *   captured delivery to wherever an empty key hashes (found in nginx 1.22);
 * - and no `Content-Encoding` toward n8n (every copy removed): n8n inflates gzip and deflate
 *   before the trigger reads the body, so a captured delivery sent again compressed would be
 *   proven by n8n but hashed by nginx over other bytes.
 */
const WEBHOOK_BODY_LINES = [
	`client_max_body_size ${WEBHOOK_BODY_MAX};`,
	`client_body_buffer_size ${WEBHOOK_BODY_MAX};`,
	'client_body_in_single_buffer on;',
	'if ($http_transfer_encoding) {',
	'\treturn 411;',
	'}',
];

/** The upstream's balancing line for `balance`; none for round-robin. */
function balanceLine(balance: Balance): string[] {
	if (balance === 'round-robin') return [];
	if (!/^\S+$/.test(balance.hash) || balance.hash.includes(';'))
		throw new TypeError(`nginx-balancer: not one nginx expression: ${balance.hash}`);
	return [`hash ${balance.hash} consistent;`];
}

/**
 * The text of a whole `nginx.conf` that balances n8n's production webhooks (`/webhook/`) over
 * its webhook processes and sends everything else to the main process: editor, API, and
 * `/webhook-test/`, which a webhook process does not serve (n8n 2.40.7 `abstract-server.js`:
 * `testWebhooksEnabled` is set only by main's `server.js`). The access log records which
 * process answered each request (`upstream=`). nginx passes a POST already sent to one process to no other, even when it
 * fails there (`proxy_next_upstream` without `non_idempotent`, its default), so the balancer
 * itself never runs a delivery twice; one it could not connect with goes to the next process.
 */
export function nginxBalancerConfig(config: BalancerConfig): string {
	const { runtimeFolder: folder } = config;
	const timeout = `${config.readTimeoutSeconds ?? 60}s`;
	const runtime = (line: string) => (folder === undefined ? [] : [line]);
	const proxy = [
		'proxy_http_version 1.1;',
		'proxy_set_header Host $http_host;',
		'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
		'proxy_set_header X-Forwarded-Proto $scheme;',
		'proxy_connect_timeout 5s;',
		`proxy_read_timeout ${timeout};`,
		`proxy_send_timeout ${timeout};`,
	];
	const lines = [
		...(config.user === undefined ? [] : [`user ${config.user};`]),
		'worker_processes 1;',
		...runtime(`pid ${folder}/nginx.pid;`),
		...runtime(`error_log ${folder}/error.log warn;`),
		'events {',
		'\tworker_connections 1024;',
		'}',
		'http {',
		...runtime(`\tclient_body_temp_path ${folder}/client_body;`),
		...runtime(`\tproxy_temp_path ${folder}/proxy;`),
		...runtime(`\tfastcgi_temp_path ${folder}/fastcgi;`),
		...runtime(`\tuwsgi_temp_path ${folder}/uwsgi;`),
		...runtime(`\tscgi_temp_path ${folder}/scgi;`),
		'\tlog_format balanced \'$msec "$request" $status upstream=$upstream_addr \'',
		"\t\t'request_time=$request_time upstream_time=$upstream_response_time';",
		...runtime(`\taccess_log ${folder}/access.log balanced;`),
		// n8n accepts 16 MB payloads by default (N8N_PAYLOAD_SIZE_MAX): the editor and API on main.
		'\tclient_max_body_size 16m;',
		'\tupstream n8n_webhooks {',
		...[
			...balanceLine(config.balance ?? 'round-robin'),
			// Never marked down after a failed request (nginx's default marks a server down for
			// 10 s after one): its keys, and so the retries of what it received, stay with it.
			// A process that is down still refuses connections, and nginx then tries the next.
			...config.webhooks.map((w) => `server ${w} max_fails=0;`),
		].map((line) => `\t\t${line}`),
		'\t\tkeepalive 32;',
		// Closed before n8n closes an idle connection (Node's 5 s): a POST sent on a connection
		// the process has just closed fails, and nginx passes no POST on to another process.
		'\t\tkeepalive_timeout 4s;',
		'\t}',
		'\tupstream n8n_main {',
		`\t\tserver ${config.main};`,
		'\t\tkeepalive 8;',
		'\t}',
		'\tserver {',
		`\t\tlisten ${config.listen ?? '127.0.0.1'}:${config.port};`,
		// Whatever the case: n8n's routes ignore it, and main must not see a production delivery.
		'\t\tlocation ~* ^/webhook/ {',
		...WEBHOOK_BODY_LINES.map((line) => `\t\t\t${line}`),
		'\t\t\tproxy_pass http://n8n_webhooks;',
		...proxy.map((line) => `\t\t\t${line}`),
		'\t\t\tproxy_set_header Content-Encoding "";',
		// Keeps the upstream connections alive (`keepalive` above).
		'\t\t\tproxy_set_header Connection "";',
		'\t\t}',
		'\t\tlocation / {',
		'\t\t\tproxy_pass http://n8n_main;',
		...proxy.map((line) => `\t\t\t${line}`),
		// The editor's push connection.
		'\t\t\tproxy_set_header Upgrade $http_upgrade;',
		'\t\t\tproxy_set_header Connection $connection_upgrade;',
		'\t\t}',
		'\t}',
		'\tmap $http_upgrade $connection_upgrade {',
		'\t\tdefault upgrade;\n\t\t\'\' "";',
		'\t}',
		'}',
	];
	return `${lines.join('\n')}\n`;
}
