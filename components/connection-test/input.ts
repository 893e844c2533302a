/** What the connection test is given: the environment `pulumi up` (or an operator) sets, never the command line. */

/** What mailcow was given, and where to find authentik's view of the same application. */
export interface ConnectionTestInput {
  mailcowUrl: string;
  mailcowApiKey: string;
  discoveryUrl: string;
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  clientId: string;
  timeoutMs?: number;
  /** Skip TLS verification towards mailcow (mailcow.insecureTls), never towards authentik. */
  mailcowInsecureTls?: boolean;
}

/** Environment variables the check reads; secrets travel only this way, never on a command line. */
export const ENV = {
  mailcowUrl: "MAILCOW_URL",
  mailcowApiKey: "MAILCOW_API_KEY",
  discoveryUrl: "OIDC_DISCOVERY_URL",
  issuer: "OIDC_ISSUER",
  authorizeUrl: "OIDC_AUTHORIZE_URL",
  tokenUrl: "OIDC_TOKEN_URL",
  userinfoUrl: "OIDC_USERINFO_URL",
  clientId: "OIDC_CLIENT_ID",
} as const satisfies Record<keyof Omit<ConnectionTestInput, "timeoutMs" | "mailcowInsecureTls">, string>;

/** Optional: "true" turns TLS verification towards mailcow off, as mailcow.insecureTls does for the provider. */
export const INSECURE_TLS_ENV = "MAILCOW_INSECURE_TLS";
export const TIMEOUT_ENV = "CONNECTION_TEST_TIMEOUT_SECONDS";
export const DEFAULT_TIMEOUT_MS = 10000;

export function inputFromEnv(env: NodeJS.ProcessEnv): ConnectionTestInput {
  const missing = Object.values(ENV).filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`set ${missing.join(", ")} (see README: "The connection test")`);
  const input = Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name]])) as Record<
    keyof typeof ENV,
    string
  >;
  return {
    ...input,
    timeoutMs: timeoutMsFromEnv(env[TIMEOUT_ENV]),
    mailcowInsecureTls: env[INSECURE_TLS_ENV] === "true",
  };
}

/** Unset or empty means 10 s. Anything else must be a positive number, or the check would misreport it. */
function timeoutMsFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_TIMEOUT_MS;
  const seconds = Number(raw);
  // AbortSignal.timeout throws on NaN and fractions of a millisecond, and 0 aborts at once: each would surface as
  // "authentik is unreachable".
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${TIMEOUT_ENV} must be a positive number of seconds (got "${raw}")`);
  }
  return Math.ceil(seconds * 1000);
}
