/** Known-answer vectors, digests computed independently with `openssl dgst -sha256 -hmac`. */
export const TEST_SECRET = 'whsec_kakiyo_test_secret';

/** The webhooks guide's `linkedin.message.received` example, byte for byte as sent. */
export const GUIDE_BODY =
	'{"event":"linkedin.message.received","teamId":"team_12345abcde","timestamp":"2023-06-15T10:30:00Z","data":{"agentId":"agent_67890","campaignId":"campaign_12345","chatId":"chat_54321","prospectId":"prospect_98765","message":"Thanks for reaching out! I\'d love to learn more about your solution.","timestamp":"2023-06-15T10:30:00Z"}}';
export const GUIDE_HEX = 'f0053cc92e68ea19d3e09fa9b0ac7ea21f47809014bcf97ee1a1e5e329d20b0e';
export const GUIDE_BASE64 = '8AU8yS5o6hnT4J+psKx+oh9HgJAUvPl+4aHl4ynSCw4=';

/** The example endpoint's envelope (`team{}`) with non-ASCII text. */
export const NON_ASCII_BODY =
	'{"event":"message.received","team":{"id":"team_abc","name":"Équipe Zürich"},"timestamp":"2023-06-15T10:30:00.000Z","data":{"prospectId":"prospect_1","message":"Grüße aus München 👋 — 你好"}}';
export const NON_ASCII_HEX = '6305197a343b20e77c13e62ac7907046bb6bcf0cbb4558634cebadccb1cb76a6';

export const EMPTY_BODY_HEX = '279440a2ae0f82734470f6633b70cd672dbb7dfd8e6ea3c8542091d441777480';

/**
 * A timestamped signature as Breakcold's current format makes it: HMAC-SHA256 over
 * `${timestamp}.${body}`, computed independently with
 * `printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac whsec_breakcold_test`.
 */
export const TIMESTAMPED_SECRET = 'whsec_breakcold_test';
export const TIMESTAMPED_AT = '1700000000';
export const TIMESTAMPED_BODY =
	'{"eventId":"evt_1","timestamp":"2023-11-14T22:13:20Z","workspaceId":"ws_1","event":"record.created","data":{"id":"rec_1"}}';
export const TIMESTAMPED_HEX = 'b9592d0351acc4710531328c8b9c2bfebc6a29937ad493c6752b5c8e46c1e4aa';
