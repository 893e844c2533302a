/**
 * The dynamic provider behind MailcowIdentityProvider. It is serialized into the Pulumi state (by value, with the
 * helpers it uses), so it must capture no secret and no client: the API key comes from `configure` or the
 * environment at run time, and clients are built inside each method.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type MailcowClient, createMailcowClient } from "./client";
import { isMailcowError, redact } from "./errors";
import { loadRuntimeConfig, parseMailcowConfig, resolveApiKey, storeRuntimeConfig } from "./runtime-config";
import {
  type ObservedIdentityProvider,
  type OidcSettings,
  changedSettings,
  normaliseStored,
  pickSettings,
  renderAttr,
} from "./settings";
import {
  type IdentityProviderState,
  LOCAL_ONLY_PROPERTIES,
  PROVIDER_VERSION,
  buildState,
  changedProperties,
  localFields,
  newSalt,
  secretDigest,
} from "./state";
import { checkInputs } from "./validation";

export type { IdentityProviderState } from "./state";

/** The id of the (singleton) identity-provider setting. */
export const IDENTITY_PROVIDER_ID = "identity-provider";

/**
 * A failure after mailcow was changed: an error with `id` makes the host report a partial success, and the engine
 * records `properties` (which must include __provider) as the resource's state.
 */
interface PartialFailure extends Error {
  id: string;
  properties: Record<string, unknown>;
}

function partialFailure(message: string, properties: Record<string, unknown>): PartialFailure {
  return Object.assign(new Error(message), { id: IDENTITY_PROVIDER_ID, properties });
}

function isPartialFailure(error: unknown): error is PartialFailure {
  const candidate = error as Partial<PartialFailure> | null;
  return typeof candidate === "object" && typeof candidate?.id === "string" && typeof candidate.properties === "object";
}

function clientFor(mailcowUrl: string, clientSecret?: string): MailcowClient {
  const config = loadRuntimeConfig();
  return createMailcowClient({
    baseUrl: mailcowUrl,
    apiKey: resolveApiKey(config, process.env),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryBackoffMs: config.retryBackoffMs,
    insecureTls: config.insecureTls,
    redact: clientSecret === undefined ? [] : [clientSecret],
  });
}

/**
 * Runs a provider method and rethrows any failure as a fresh Error whose message cannot contain the API key or the
 * client secret (a new Error also gets a new stack, which the host prints).
 */
async function guarded<T>(clientSecret: unknown, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (caught) {
    const error = caught as { message?: unknown } | null;
    const config = loadRuntimeConfig();
    const secrets = [config.apiKey, process.env.MAILCOW_API_KEY, typeof clientSecret === "string" ? clientSecret : ""];
    const message = redact(typeof error?.message === "string" ? error.message : String(error), secrets);
    if (isPartialFailure(error)) throw partialFailure(message, error.properties);
    // The original error is dropped on purpose: its message or stack could carry a secret.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(message);
  }
}

function hasMessage(error: unknown, key: string): boolean {
  return isMailcowError(error) && error.messages.some((message) => message.split(" ")[0] === key);
}

/** Describes a configuration found in mailcow for a refusal message (never a secret). */
function describeFound(observed: ObservedIdentityProvider, desired: OidcSettings, secret: string): string {
  const parts = [`authsource "${observed.authsource}"`];
  if (observed.clientId !== null && observed.clientId !== "") parts.push(`client ID "${observed.clientId}"`);
  if (observed.settings !== null) {
    const differs: string[] = changedSettings(desired, observed.settings);
    if (observed.clientSecret !== secret) differs.push("clientSecret");
    if (differs.length > 0) parts.push(`differing in ${differs.join(", ")}`);
  }
  return parts.join(", ");
}

function sameAsDesired(observed: ObservedIdentityProvider, desired: OidcSettings, secret: string): boolean {
  return (
    observed.settings !== null &&
    changedSettings(desired, observed.settings).length === 0 &&
    observed.clientSecret === secret
  );
}

/** What mailcow stored differently from what was sent, in words (no secret values). */
function verificationProblems(observed: ObservedIdentityProvider, desired: OidcSettings, secret: string): string[] {
  if (observed.settings === null) {
    return [`authsource is "${observed.authsource ?? "(none)"}" instead of "generic-oidc"`];
  }
  const problems = changedSettings(desired, observed.settings).map((key) => {
    const sent = JSON.stringify(desired[key]);
    const stored = JSON.stringify(observed.settings?.[key]);
    const hint =
      key === "redirectUrlExtra" && observed.missing.includes("redirect_url_extra")
        ? " (mailcow before 2025-05 does not know redirect_url_extra)"
        : "";
    return `${key}: sent ${sent}, stored ${stored}${hint}`;
  });
  if (observed.clientSecret !== secret) problems.push("clientSecret: stored value differs from the one sent");
  return problems;
}

/**
 * Writes the complete attribute set and reads it back. mailcow answers success even when it silently drops parts
 * (mappings of unequal length, unknown keys on older versions), so only the read-back proves the result.
 */
async function writeAndVerify(
  client: MailcowClient,
  desired: OidcSettings,
  secret: string,
  local: ReturnType<typeof localFields>,
  salt: string,
  providerState: unknown,
): Promise<IdentityProviderState> {
  try {
    await client.editIdentityProvider(renderAttr(desired, secret));
  } catch (error) {
    if (hasMessage(error, "authsource_in_use")) {
      throw new Error(
        `${(error as Error).message} Mailboxes still use another identity provider; mailcow only switches ` +
          `authsource once they are moved back to the mailcow authsource.`,
        { cause: error },
      );
    }
    throw error;
  }
  const observed = normaliseStored(await client.getIdentityProvider());
  const problems = verificationProblems(observed, desired, secret);
  if (problems.length > 0) {
    const message =
      `mailcow at ${client.baseUrl} accepted the identity-provider settings but stored something else: ` +
      `${problems.join("; ")}.`;
    if (observed.settings === null) throw new Error(message);
    const digest = secretDigest(salt, observed.clientSecret ?? "");
    const state = buildState(local, observed.settings, { salt, digest });
    throw partialFailure(message, { ...state, __provider: providerState });
  }
  return buildState(local, desired, { salt, digest: secretDigest(salt, secret) });
}

/** Create, or move to another mailcow: never overwrites a foreign configuration unless adoptExisting is set. */
async function claimAndWrite(
  inputs: Record<string, unknown>,
  salt: string,
): Promise<{ id: string; outs: IdentityProviderState }> {
  const desired = pickSettings(inputs);
  const secret = inputs.clientSecret;
  if (desired === undefined || typeof secret !== "string") throw new Error("incomplete inputs (check did not run).");
  const local = localFields(inputs);
  const client = clientFor(local.mailcowUrl, secret);
  const observed = normaliseStored(await client.getIdentityProvider());
  if (sameAsDesired(observed, desired, secret)) {
    return { id: IDENTITY_PROVIDER_ID, outs: buildState(local, desired, { salt, digest: secretDigest(salt, secret) }) };
  }
  if (observed.authsource !== null && !local.adoptExisting) {
    throw new Error(
      `mailcow at ${client.baseUrl} already has an identity provider configured ` +
        `(${describeFound(observed, desired, secret)}). Refusing to overwrite it: set adoptExisting: true to take ` +
        `it over, or remove it in mailcow first.`,
    );
  }
  const outs = await writeAndVerify(client, desired, secret, local, salt, inputs.__provider);
  return { id: IDENTITY_PROVIDER_ID, outs };
}

export const identityProviderProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    // Runs in the provider host only; nothing read here is attached to the (serialized) provider object.
    storeRuntimeConfig(parseMailcowConfig(req.config.get("mailcow")));
  },

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(news);
  },

  async diff(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.DiffResult> {
    // Offline; the singleton is always edited in place, a new mailcowUrl included (see README.md here).
    return guarded(news.clientSecret, async () => ({ changes: changedProperties(olds, news).length > 0 }));
  },

  async create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    return guarded(inputs.clientSecret, () => claimAndWrite(inputs, newSalt()));
  },

  async read(id: string, props?: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const recorded = props ?? {};
    return guarded(undefined, async () => {
      const local = localFields(recorded);
      const observed = normaliseStored(await clientFor(local.mailcowUrl).getIdentityProvider());
      if (observed.settings === null) return { id: "", props: {} }; // gone: no generic-oidc configuration left
      const salt = typeof recorded.clientSecretSalt === "string" ? recorded.clientSecretSalt : newSalt();
      const secret = observed.clientSecret ?? "";
      const version = typeof recorded.providerVersion === "string" ? recorded.providerVersion : PROVIDER_VERSION;
      const state = buildState({ ...local, providerVersion: version }, observed.settings, {
        salt,
        digest: secretDigest(salt, secret),
      });
      // Inputs as the program would give them, so refresh shows only real drift. clientSecret keeps the secret
      // flag of the previous input (the engine re-applies it because the provider host does not accept secrets).
      const inputs = { mailcowUrl: local.mailcowUrl, ...observed.settings, clientSecret: secret };
      return {
        id: id || IDENTITY_PROVIDER_ID,
        props: state,
        inputs: { ...inputs, adoptExisting: local.adoptExisting, onDelete: local.onDelete, allowHttp: local.allowHttp },
      };
    });
  },

  async update(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.UpdateResult> {
    return guarded(news.clientSecret, async () => {
      const salt = typeof olds.clientSecretSalt === "string" ? olds.clientSecretSalt : newSalt();
      const changed = changedProperties(olds, news);
      const desired = pickSettings(news);
      const secret = news.clientSecret;
      if (desired === undefined || typeof secret !== "string")
        throw new Error("incomplete inputs (check did not run).");
      const local = localFields(news);
      if (changed.includes("mailcowUrl")) return { outs: (await claimAndWrite(news, salt)).outs };
      if (changed.every((key) => LOCAL_ONLY_PROPERTIES.includes(key))) {
        // Nothing mailcow stores changed: no request at all.
        return { outs: buildState(local, desired, { salt, digest: secretDigest(salt, secret) }) };
      }
      const client = clientFor(local.mailcowUrl, secret);
      return { outs: await writeAndVerify(client, desired, secret, local, salt, news.__provider) };
    });
  },

  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    if (props.onDelete === "retain") return; // leave mailcow untouched
    return guarded(undefined, async () => {
      const client = clientFor(localFields(props).mailcowUrl);
      const observed = normaliseStored(await client.getIdentityProvider());
      // Nothing left, or someone replaced it with another authsource: that is not ours to remove.
      if (observed.authsource !== "generic-oidc") return;
      try {
        await client.deleteIdentityProvider();
      } catch (error) {
        if (!hasMessage(error, "authsource_in_use")) throw error;
        throw new Error(
          `mailcow at ${client.baseUrl} refuses to remove the identity provider because mailboxes still use it ` +
            `(authsource_in_use). Either move those mailboxes back to the mailcow authsource (edit each mailbox, ` +
            `or POST edit/mailbox with attr.authsource "mailcow"), or set onDelete: "retain" on this resource and ` +
            `run pulumi up before deleting, to leave the setting in mailcow.`,
          { cause: error },
        );
      }
    });
  },
};
