/** Usage text of `careloop` and of each command: what `--help` prints and what a usage error shows. */
export const COMMAND_HELP: Record<string, string> = {
  careloop: `Usage: careloop <command> [options]

The Careloop developer CLI: run the mock platform, forward its events to your webhook endpoint,
trigger events and tail the event feed.

Commands:
  mock            Start the mock platform (what \`npm start\` runs)
  listen          Forward the platform's events as signed webhooks to a local endpoint
  trigger         Make the platform emit an event through real API calls
  events tail     Follow the event feed, one line per event

Options:
  -h, --help      Show help (also: careloop <command> --help)
  -v, --version   Show the version

Examples:
  careloop mock
  careloop listen --forward-to http://localhost:3000/webhooks
  careloop trigger appointment.booked
  careloop events tail --type prescription.dispensed
`,
  mock: `Usage: careloop mock [--port 4010] [--host 127.0.0.1] [--seed <seed>] [--now <time>] [--docs <dir>]

Starts the mock platform over HTTP with the seeded sandbox world and prints the sandbox
credentials (organization clients, patients). Stop it with ^C.

Options:
  --port <n>      Port to listen on (default 4010; 0 picks a free one)
  --host <host>   Address to bind (default 127.0.0.1)
  --seed <seed>   Seed of the generated world (default: the platform's default seed)
  --now <time>    Start of the mock clock, RFC 3339 (default 2026-06-01T08:00:00+08:00)
  --docs <dir>    Also serve a built docs site (npm run docs → docs/dist) at /docs/
  -h, --help      Show this help

Examples:
  careloop mock
  careloop mock --docs docs/dist
  careloop mock --port 4020 --now 2026-07-01T09:00:00+08:00
`,
  listen: `Usage: careloop listen --forward-to <url> [options]

Follows the mock platform's events and POSTs each one to <url> as a Standard Webhooks request
(webhook-id, webhook-timestamp, webhook-signature), signed with a secret it prints at start.
By default it forwards every tenant's events (the sandbox-only GET /_mock/events); with
--client-id and --client-secret, one organization's feed (GET /v1/events). Stop it with ^C.

Options:
  --forward-to <url>       Endpoint that receives the webhooks (required)
  --events <a,b>           Only these event types (comma-separated)
  --base-url <url>         Platform address (default $CARELOOP_BASE_URL or http://localhost:4010)
  --client-id <id>         Read this organization's feed instead of every tenant's
  --client-secret <secret> The client's secret (with --client-id)
  --secret <whsec_…>       Signing secret to use (default: a new random one)
  --from-start             Forward the events already in the feed too (default: only new ones)
  --interval <ms>          Poll interval (default 1000)
  -h, --help               Show this help

Examples:
  careloop listen --forward-to http://localhost:3000/webhooks
  careloop listen --forward-to http://localhost:3000/webhooks --events appointment.booked,appointment.cancelled
  careloop listen --forward-to http://localhost:3000/webhooks --client-id cli_qtph --client-secret sk_sandbox_qtph
`,
  trigger: `Usage: careloop trigger <event-type> [--base-url <url>]

Makes the running mock platform emit <event-type> the way production would: through the real
API calls of the audience SDKs with the sandbox credentials (fresh patients, fresh schedules),
advancing the mock clock only when the event needs time to pass. Prints the events it caused.

Options:
  --base-url <url>   Platform address (default $CARELOOP_BASE_URL or http://localhost:4010)
  --list             List the event types it can trigger
  -h, --help         Show this help

Examples:
  careloop trigger appointment.booked
  careloop trigger prescription.dispensed
  careloop trigger --list
`,
  'events tail': `Usage: careloop events tail [options]

Follows the event feed and prints one line per event:
  <createdAt>  <type>  <event id>  <object> <object id> <status>
By default every tenant's events (the sandbox-only GET /_mock/events); with --client-id and
--client-secret, one organization's feed (GET /v1/events). Stop it with ^C.

Options:
  --type <type>            Only events of this type
  --base-url <url>         Platform address (default $CARELOOP_BASE_URL or http://localhost:4010)
  --client-id <id>         Read this organization's feed instead of every tenant's
  --client-secret <secret> The client's secret (with --client-id)
  --from-start             Print the events already in the feed too (default: only new ones)
  --interval <ms>          Poll interval (default 1000)
  --json                   Print each event as one line of JSON
  -h, --help               Show this help

Examples:
  careloop events tail
  careloop events tail --type appointment.booked --json
`,
  events: `Usage: careloop events <subcommand> [options]

Subcommands:
  tail   Follow the event feed, one line per event (careloop events tail --help)

Options:
  -h, --help   Show this help

Examples:
  careloop events tail
`,
};
