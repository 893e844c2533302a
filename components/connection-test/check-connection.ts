import { MailcowClient } from "../mailcow/client";
import { isMailcowError } from "../mailcow/errors";
import { redact } from "../mailcow/redaction";
import { normaliseStored, renderAttr } from "../mailcow/settings";

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

export interface Check {
  name: string;
  ok: boolean;
  /** On failure: what was expected, what was found, what to check. */
  detail?: string;
}

export interface ConnectionReport {
  ok: boolean;
  checks: Check[];
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

export function inputFromEnv(env: NodeJS.ProcessEnv): ConnectionTestInput {
  const missing = Object.values(ENV).filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`set ${missing.join(", ")} (see README: "Connection test")`);
  const input = Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name]])) as Record<
    keyof typeof ENV,
    string
  >;
  return {
    ...input,
    timeoutMs: timeoutMsFromEnv(env.CONNECTION_TEST_TIMEOUT_SECONDS),
    mailcowInsecureTls: env[INSECURE_TLS_ENV] === "true",
  };
}

/** Unset or empty means 10 s. Anything else must be a positive number, or the check would misreport it. */
function timeoutMsFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 10000;
  const seconds = Number(raw);
  // AbortSignal.timeout throws on NaN and fractions of a millisecond, and 0 aborts at once: each would surface as
  // "authentik is unreachable".
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`CONNECTION_TEST_TIMEOUT_SECONDS must be a positive number of seconds (got "${raw}")`);
  }
  return Math.ceil(seconds * 1000);
}

type Discovery = Record<string, unknown>;

async function fetchDiscovery(input: ConnectionTestInput): Promise<Discovery> {
  const response = await fetch(input.discoveryUrl, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(input.timeoutMs ?? 10000),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body: unknown = await response.json().catch(() => {
    throw new Error("the answer is not JSON (a proxy or login page in front of authentik?)");
  });
  if (typeof body !== "object" || body === null) throw new Error("the answer is not a JSON object");
  return body as Discovery;
}

function compare(name: string, expected: string, found: unknown, hint: string): Check {
  return found === expected
    ? { name, ok: true }
    : {
        name,
        ok: false,
        detail: `expected ${expected}, found ${found === undefined ? "nothing" : String(found)}; ${hint}`,
      };
}

/**
 * The guide's "Save changes and test the connection", done properly: authentik's discovery document must
 * advertise exactly the endpoints mailcow was given, mailcow must report generic-oidc with our client ID, and
 * mailcow's own test route must reach the token endpoint from the mailcow host.
 */
export async function checkConnection(input: ConnectionTestInput): Promise<ConnectionReport> {
  const checks: Check[] = [];
  const secrets = [input.mailcowApiKey];

  try {
    const discovery = await fetchDiscovery(input);
    checks.push({ name: "authentik discovery document", ok: true });
    const where = "check the authentik URL, application slug and oauth2.issuerMode";
    checks.push(compare("issuer", input.issuer, discovery.issuer, where));
    checks.push(compare("authorize endpoint", input.authorizeUrl, discovery.authorization_endpoint, where));
    checks.push(compare("token endpoint", input.tokenUrl, discovery.token_endpoint, where));
    checks.push(compare("userinfo endpoint", input.userinfoUrl, discovery.userinfo_endpoint, where));
  } catch (error) {
    checks.push({
      name: "authentik discovery document",
      ok: false,
      detail: `could not read ${input.discoveryUrl}: ${(error as Error).message}; check that authentik is reachable from here and that the application's slug exists`,
    });
  }

  const client = new MailcowClient({
    baseUrl: input.mailcowUrl,
    apiKey: input.mailcowApiKey,
    timeoutMs: input.timeoutMs,
    maxRetries: 1,
    insecureTls: input.mailcowInsecureTls === true,
  });
  try {
    const observed = normaliseStored(await client.getIdentityProvider());
    checks.push(
      compare(
        "mailcow authsource",
        "generic-oidc",
        observed.authsource ?? "none",
        "run `pulumi up` to configure mailcow",
      ),
    );
    checks.push(compare("mailcow client ID", input.clientId, observed.clientId ?? "none", "run `pulumi up` again"));
    if (observed.clientSecret) secrets.push(observed.clientSecret);
    if (observed.settings && observed.clientSecret !== null) {
      const stored = observed.settings;
      checks.push(compare("mailcow token URL", input.tokenUrl, stored.tokenUrl, "run `pulumi up` again"));
      try {
        // The stored settings (secret included) go back to mailcow only; the secret never leaves this call.
        await client.testIdentityProvider(renderAttr(stored, observed.clientSecret));
        checks.push({ name: "mailcow reaches the token endpoint", ok: true });
      } catch (error) {
        checks.push({
          name: "mailcow reaches the token endpoint",
          ok: false,
          // "rejected" is mailcow's own verdict on the OPTIONS request; anything else (a read-only key's 403,
          // a timeout) is about reaching mailcow, and the client's message already says what to do.
          detail:
            isMailcowError(error) && error.kind !== "rejected"
              ? `could not run mailcow's connection test: ${error.message}`
              : `mailcow's connection test failed: it sends OPTIONS to ${stored.tokenUrl} and needs HTTP 200; check DNS, firewall and TLS from the mailcow host to authentik`,
        });
      }
    }
  } catch (error) {
    checks.push({
      name: "mailcow identity provider",
      ok: false,
      detail: isMailcowError(error) ? error.message : `unexpected failure: ${(error as Error).message}`,
    });
  }

  // The client also knows every secret mailcow sent back, even in replies it could not parse.
  for (const check of checks) if (check.detail) check.detail = client.redact(redact(check.detail, secrets));
  return { ok: checks.every((c) => c.ok), checks };
}

export function formatReport(report: ConnectionReport): string {
  const failed = report.checks.filter((c) => !c.ok).length;
  const head = report.ok
    ? `mailcow-sso connection test: passed (${report.checks.length} checks)`
    : `mailcow-sso connection test: FAILED (${failed} of ${report.checks.length} checks)`;
  const lines = report.checks.map((c) => `  ${c.ok ? "ok  " : "FAIL"} ${c.name}${c.detail ? `: ${c.detail}` : ""}`);
  return [head, ...lines].join("\n");
}
