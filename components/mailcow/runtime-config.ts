/**
 * The provider's connection settings: the stack config object `mailcow` (read by `configure` in the provider host),
 * with MAILCOW_API_KEY as the fallback for the key. Credentials are deliberately not resource inputs.
 */

export interface RuntimeConfig {
  apiKey: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryBackoffMs: number;
  insecureTls: boolean;
  /** A problem with the config object, reported when a method needs mailcow (configure itself must not fail). */
  problem: string | undefined;
}

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = {
  apiKey: undefined,
  timeoutMs: 15000,
  maxRetries: 2,
  retryBackoffMs: 500,
  insecureTls: false,
  problem: undefined,
};

export const MISSING_API_KEY_MESSAGE =
  "No mailcow API key: set it in the stack config with `pulumi config set --secret --path mailcow.apiKey <key>` " +
  "or in the environment with `export MAILCOW_API_KEY=<key>` (the read-write key; GET alone works with the " +
  "read-only key).";

/** Pulumi's wire form of a secret value, in case one arrives nested inside the config object. */
function unwrapSecret(value: unknown): unknown {
  if (value !== null && typeof value === "object" && "4dabf18193072939515e22adb298388d" in value) {
    return (value as { value?: unknown }).value;
  }
  return value;
}

/**
 * Parses the value of config key `mailcow` (a JSON string, or an object depending on how the engine passes it).
 * Never puts the raw value into a message: it holds the API key.
 */
export function parseMailcowConfig(raw: unknown): RuntimeConfig {
  const config = { ...DEFAULT_RUNTIME_CONFIG };
  let value = unwrapSecret(raw);
  if (value === undefined || value === null || value === "") return config;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return { ...config, problem: "the stack config value `mailcow` is not a JSON object." };
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ...config, problem: "the stack config value `mailcow` must be an object (e.g. mailcow.apiKey)." };
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];

  const apiKey = unwrapSecret(record.apiKey);
  if (typeof apiKey === "string" && apiKey.trim() !== "") config.apiKey = apiKey.trim();
  else if (apiKey !== undefined && apiKey !== null && apiKey !== "") problems.push("mailcow.apiKey must be a string");

  const timeout = numberOf(unwrapSecret(record.requestTimeoutSeconds));
  if (timeout !== undefined && timeout > 0) config.timeoutMs = Math.round(timeout * 1000);
  else if (record.requestTimeoutSeconds !== undefined) problems.push("mailcow.requestTimeoutSeconds must be > 0");

  const retries = numberOf(unwrapSecret(record.maxRetries));
  if (retries !== undefined && Number.isInteger(retries) && retries >= 0 && retries <= 10) config.maxRetries = retries;
  else if (record.maxRetries !== undefined) problems.push("mailcow.maxRetries must be an integer from 0 to 10");

  const backoff = numberOf(unwrapSecret(record.retryBackoffMs));
  if (backoff !== undefined && backoff >= 0) config.retryBackoffMs = backoff;
  else if (record.retryBackoffMs !== undefined) problems.push("mailcow.retryBackoffMs must be >= 0");

  const insecure = unwrapSecret(record.insecureTls);
  if (insecure === true || insecure === "true") config.insecureTls = true;
  else if (insecure !== undefined && insecure !== false && insecure !== "false") {
    problems.push("mailcow.insecureTls must be true or false");
  }

  if (problems.length > 0) config.problem = `invalid stack config: ${problems.join("; ")}.`;
  return config;
}

/** Config values arrive as strings when set with `pulumi config set` without --path typing. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The key to use: stack config first, then MAILCOW_API_KEY; throws the how-to message when neither is set. */
export function resolveApiKey(config: RuntimeConfig, env: Record<string, string | undefined>): string {
  if (config.problem !== undefined) throw new Error(config.problem);
  const key = config.apiKey ?? env.MAILCOW_API_KEY?.trim();
  if (key === undefined || key === "") throw new Error(MISSING_API_KEY_MESSAGE);
  return key;
}

const STORE_KEY = "mailcow-sso.mailcow.runtimeConfig";

/**
 * Keeps what `configure` read in the running process only, outside the provider object: the provider object is
 * what gets serialized into state, so nothing read at run time may ever be attached to it.
 */
export function storeRuntimeConfig(config: RuntimeConfig): void {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(STORE_KEY)] = config;
}

export function loadRuntimeConfig(): RuntimeConfig {
  const stored = (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(STORE_KEY)] as RuntimeConfig | undefined;
  return stored ?? DEFAULT_RUNTIME_CONFIG;
}
