import { MailcowClient } from "../mailcow/client";
import { isMailcowError } from "../mailcow/errors";
import { redact } from "../mailcow/redaction";
import { normaliseStored, renderAttr } from "../mailcow/settings";
import { type ConnectionTestInput, DEFAULT_TIMEOUT_MS } from "./input";
import { networkCause } from "./network-cause";

export { type ConnectionTestInput, ENV, INSECURE_TLS_ENV, inputFromEnv } from "./input";
export { formatReport, summaryLine } from "./report";

export type CheckStatus = "ok" | "failed" | "skipped";

export interface Check {
  name: string;
  status: CheckStatus;
  /** On failure: what was expected, what was found, what to check. When skipped: why. */
  detail?: string;
}

export interface ConnectionReport {
  ok: boolean;
  checks: Check[];
}

/** Every check, in the order they run; a check that cannot run is reported as skipped, never left out. */
export const CHECKS = {
  discovery: "authentik discovery document",
  issuer: "issuer",
  authorize: "authorize endpoint",
  token: "token endpoint",
  userinfo: "userinfo endpoint",
  authsource: "mailcow authsource",
  clientId: "mailcow client ID",
  tokenUrl: "mailcow token URL",
  reach: "mailcow reaches the token endpoint",
} as const;

/** The name the mailcow checks go under when mailcow's setting cannot be read at all. */
export const MAILCOW_READ_CHECK = "mailcow identity provider";

type Discovery = Record<string, unknown>;

async function fetchDiscovery(input: ConnectionTestInput, timeoutMs: number): Promise<Discovery> {
  let response: Response;
  try {
    response = await fetch(input.discoveryUrl, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(networkCause(error, timeoutMs), { cause: error });
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body: unknown = await response.json().catch(() => {
    throw new Error("the answer is not JSON (a proxy or login page in front of authentik?)");
  });
  if (typeof body !== "object" || body === null) throw new Error("the answer is not a JSON object");
  return body as Discovery;
}

const ok = (name: string): Check => ({ name, status: "ok" });
const failed = (name: string, detail: string): Check => ({ name, status: "failed", detail });
const skipped = (names: readonly string[], why: string): Check[] =>
  names.map((name) => ({ name, status: "skipped", detail: why }));

function compare(name: string, expected: string, found: unknown, hint: string): Check {
  return found === expected
    ? ok(name)
    : failed(name, `expected ${expected}, found ${found === undefined ? "nothing" : String(found)}; ${hint}`);
}

async function authentikChecks(input: ConnectionTestInput, timeoutMs: number): Promise<Check[]> {
  const compared = [CHECKS.issuer, CHECKS.authorize, CHECKS.token, CHECKS.userinfo];
  let discovery: Discovery;
  try {
    discovery = await fetchDiscovery(input, timeoutMs);
  } catch (error) {
    return [
      failed(
        CHECKS.discovery,
        `could not read ${input.discoveryUrl}: ${(error as Error).message}; check that authentik is reachable from ` +
          "here and that the application's slug exists",
      ),
      ...skipped(compared, "no discovery document to compare with"),
    ];
  }
  const where = "check the authentik URL, application slug and oauth2.issuerMode";
  return [
    ok(CHECKS.discovery),
    compare(CHECKS.issuer, input.issuer, discovery.issuer, where),
    compare(CHECKS.authorize, input.authorizeUrl, discovery.authorization_endpoint, where),
    compare(CHECKS.token, input.tokenUrl, discovery.token_endpoint, where),
    compare(CHECKS.userinfo, input.userinfoUrl, discovery.userinfo_endpoint, where),
  ];
}

async function mailcowChecks(client: MailcowClient, input: ConnectionTestInput, secrets: string[]): Promise<Check[]> {
  let observed: ReturnType<typeof normaliseStored>;
  try {
    observed = normaliseStored(await client.getIdentityProvider());
  } catch (error) {
    return [
      failed(
        MAILCOW_READ_CHECK,
        isMailcowError(error) ? error.message : `unexpected failure: ${(error as Error).message}`,
      ),
      ...skipped([CHECKS.clientId, CHECKS.tokenUrl, CHECKS.reach], "mailcow's setting could not be read"),
    ];
  }
  const checks = [
    compare(CHECKS.authsource, "generic-oidc", observed.authsource ?? "none", "run `pulumi up` to configure mailcow"),
    compare(CHECKS.clientId, input.clientId, observed.clientId ?? "none", "run `pulumi up` again"),
  ];
  if (observed.clientSecret) secrets.push(observed.clientSecret);
  if (!observed.settings || observed.clientSecret === null) {
    return [...checks, ...skipped([CHECKS.tokenUrl, CHECKS.reach], "mailcow has no Generic-OIDC settings to test")];
  }
  const stored = observed.settings;
  checks.push(compare(CHECKS.tokenUrl, input.tokenUrl, stored.tokenUrl, "run `pulumi up` again"));
  try {
    // The stored settings (secret included) go back to mailcow only; the secret never leaves this call.
    await client.testIdentityProvider(renderAttr(stored, observed.clientSecret));
    checks.push(ok(CHECKS.reach));
  } catch (error) {
    // "rejected" is mailcow's own verdict on the OPTIONS request; anything else (a read-only key's 403, a timeout)
    // is about reaching mailcow, and the client's message already says what to do.
    checks.push(
      failed(
        CHECKS.reach,
        isMailcowError(error) && error.kind !== "rejected"
          ? `could not run mailcow's connection test: ${error.message}`
          : `mailcow's connection test failed: it sends OPTIONS to ${stored.tokenUrl} and needs HTTP 200; check DNS, firewall and TLS from the mailcow host to authentik`,
      ),
    );
  }
  return checks;
}

/**
 * The guide's "Save changes and test the connection", done properly: authentik's discovery document must
 * advertise exactly the endpoints mailcow was given, mailcow must report generic-oidc with our client ID, and
 * mailcow's own test route must reach the token endpoint from the mailcow host. One broken half never hides the
 * state of the other.
 */
export async function checkConnection(input: ConnectionTestInput): Promise<ConnectionReport> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [input.mailcowApiKey];
  const client = new MailcowClient({
    baseUrl: input.mailcowUrl,
    apiKey: input.mailcowApiKey,
    timeoutMs,
    maxRetries: 1,
    insecureTls: input.mailcowInsecureTls === true,
  });
  const checks = [...(await authentikChecks(input, timeoutMs)), ...(await mailcowChecks(client, input, secrets))];
  // The client also knows every secret mailcow sent back, even in replies it could not parse.
  for (const check of checks) if (check.detail) check.detail = client.redact(redact(check.detail, secrets));
  return { ok: checks.every((check) => check.status === "ok"), checks };
}
