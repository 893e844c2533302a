/**
 * How the provider reaches mailcow: the connection fields of the stack config object `mailcow`, defined once and
 * used by the program's config boundary (components/config.ts) and by the provider's `configure`. Credentials are
 * deliberately not resource inputs; MAILCOW_API_KEY is the fallback for the key.
 */
import { z } from "zod";
import { formatPath, numberFromText } from "../rules";

/**
 * The connection fields; components/config.ts spreads them into its `mailcow` section. Numbers may arrive as plain
 * number text (`pulumi config set --path mailcow.requestTimeoutSeconds 7.5` stores "7.5"): both sides read it.
 */
export const mailcowConnectionFields = {
  apiKey: z.string({ error: "must be a string" }).optional(),
  requestTimeoutSeconds: numberFromText(
    z
      .number({ error: "must be a number of seconds" })
      .positive({ error: "must be more than 0 seconds" })
      .max(300, { error: "must be at most 300 seconds" }),
  ).default(15),
  maxRetries: numberFromText(
    z
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .max(5, { error: "must be at most 5 (each retry waits twice as long as the one before)" }),
  ).default(2),
  retryBackoffMs: numberFromText(
    z
      .number({ error: "must be a number of milliseconds" })
      .int({ error: "must be a whole number of milliseconds" })
      .min(0, { error: "must be 0 or more" })
      .max(60_000, { error: "must be at most 60000 ms" }),
  ).default(500),
  // Our own API calls to mailcow only (a self-signed mailcow certificate); ignoreSslError is mailcow → authentik.
  insecureTls: z.boolean({ error: "must be true or false" }).default(false),
};

/** The same fields on their own; other keys of the `mailcow` object (url, onDelete, …) are ignored here. */
export const mailcowConnectionSchema = z.object(mailcowConnectionFields);
export type MailcowConnection = z.output<typeof mailcowConnectionSchema>;

export const DEFAULT_CONNECTION: MailcowConnection = mailcowConnectionSchema.parse({});

export const MISSING_API_KEY_MESSAGE =
  "No mailcow API key: set it in the stack config with `pulumi config set --secret --path mailcow.apiKey <key>` " +
  "or in the environment with `export MAILCOW_API_KEY=<key>` (the read-write key; GET alone works with the " +
  "read-only key).";

/** Either the connection settings, or a problem to report when a method needs mailcow (configure must not fail). */
export type ParsedConnection = { ok: true; connection: MailcowConnection } | { ok: false; problem: string };

/** The connection fields of a `mailcow` settings object (the program's config boundary parses the same). */
export function parseConnection(value: unknown): ParsedConnection {
  if (value === undefined) return { ok: true, connection: DEFAULT_CONNECTION };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problem: "invalid stack config: `mailcow` must be an object (e.g. mailcow.apiKey)." };
  }
  const result = mailcowConnectionSchema.safeParse(value);
  if (result.success) return { ok: true, connection: result.data };
  const problems = result.error.issues.map((issue) => `mailcow.${formatPath(issue.path)} ${issue.message}`);
  return { ok: false, problem: `invalid stack config: ${problems.join("; ")}.` };
}

/**
 * What `configure` receives for config key `mailcow`: the engine passes a structured value as one JSON text, with
 * its secrets decrypted in place (observed with the real CLI: tests/engine/engine-facts.test.ts). Never puts the
 * text into a message: it holds the API key.
 */
export function connectionFromConfig(text: string | undefined): ParsedConnection {
  if (text === undefined || text === "") return { ok: true, connection: DEFAULT_CONNECTION };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "invalid stack config: the value of `mailcow` is not a JSON object." };
  }
  return parseConnection(value);
}

/** The key to use: stack config first, then MAILCOW_API_KEY; throws the how-to message when neither is set. */
export function resolveApiKey(connection: MailcowConnection, env: Record<string, string | undefined>): string {
  const key = connection.apiKey?.trim() || env.MAILCOW_API_KEY?.trim();
  if (!key) throw new Error(MISSING_API_KEY_MESSAGE);
  return key;
}
