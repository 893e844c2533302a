/**
 * The dynamic provider behind MailcowIdentityProvider, as it runs in Pulumi's provider host. The host does not run
 * this code from the state: the state's `__provider` is a small shell (provider-shell.ts) that loads this module
 * from the compiled package @mailcow-sso/mailcow-provider on disk. The API key comes from `configure` or the
 * environment, never from inputs, and a client is built for each call.
 */
import type * as pulumi from "@pulumi/pulumi";
import { MailcowClient } from "./client";
import { DEFAULT_CONNECTION, type MailcowConnection, connectionFromConfig, resolveApiKey } from "./connection";
import { checkInputs } from "./inputs";
import {
  type Desired,
  IDENTITY_PROVIDER_ID,
  PartialFailure,
  claimAndWrite,
  removeIfOurs,
  verifyOrWrite,
  writeAndVerify,
} from "./reconcile";
import { Redactor } from "./redaction";
import { normaliseStored, pickSettings } from "./settings";
import { LOCAL_ONLY_PROPERTIES, buildState, changedProperties, localFields, newSalt, secretDigest } from "./state";

export { IDENTITY_PROVIDER_ID } from "./reconcile";
export type { IdentityProviderState } from "./state";

type Props = Record<string, unknown>;

/** The checked inputs as a write wants them; check always produces these, so anything missing is a bug. */
function desiredFrom(inputs: Props, salt: string): Desired {
  const settings = pickSettings(inputs);
  const secret = inputs.clientSecret;
  if (settings === undefined || typeof secret !== "string") throw new Error("incomplete inputs (check did not run).");
  return { settings, secret, local: localFields(inputs), salt, provider: inputs.__provider };
}

export class IdentityProviderProvider implements pulumi.dynamic.ResourceProvider {
  #connection: MailcowConnection = DEFAULT_CONNECTION;
  /** A problem with the `mailcow` config object, reported when a method needs mailcow (configure must not fail). */
  #problem: string | undefined;

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    const parsed = connectionFromConfig(req.config.get("mailcow"));
    this.#connection = parsed.ok ? parsed.connection : DEFAULT_CONNECTION;
    this.#problem = parsed.ok ? undefined : parsed.problem;
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(news);
  }

  /** Offline; the singleton is always edited in place, a new mailcowUrl included (see README.md here). */
  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return { changes: changedProperties(olds, news).length > 0 };
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const desired = desiredFrom(inputs, newSalt());
    return this.#withClient(desired.local.mailcowUrl, desired.secret, async (client) => ({
      id: IDENTITY_PROVIDER_ID,
      outs: await claimAndWrite(client, desired),
    }));
  }

  async read(id: string, props: Props = {}): Promise<pulumi.dynamic.ReadResult> {
    const local = localFields(props);
    return this.#withClient(local.mailcowUrl, undefined, async (client) => {
      const observed = normaliseStored(await client.getIdentityProvider());
      if (observed.settings === null) return { id: "", props: {} }; // gone: no generic-oidc configuration left
      const salt = typeof props.clientSecretSalt === "string" ? props.clientSecretSalt : newSalt();
      const secret = observed.clientSecret ?? "";
      // The recorded version stays: only an update, which re-verifies, may claim the current one.
      const version = typeof props.providerVersion === "string" ? props.providerVersion : undefined;
      const state = buildState({ ...local, providerVersion: version }, observed.settings, {
        salt,
        digest: secretDigest(salt, secret),
      });
      // Inputs as the program would give them, so refresh shows only real drift. clientSecret keeps the secret
      // flag of the previous input (the engine re-applies it because the provider host does not accept secrets).
      const { mailcowUrl, adoptExisting, onDelete, allowHttp } = local;
      const inputs = { mailcowUrl, ...observed.settings, clientSecret: secret, adoptExisting, onDelete, allowHttp };
      return { id: id || IDENTITY_PROVIDER_ID, props: state, inputs };
    });
  }

  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const salt = typeof olds.clientSecretSalt === "string" ? olds.clientSecretSalt : newSalt();
    const desired = desiredFrom(news, salt);
    const changed = changedProperties(olds, news);
    if (changed.every((key) => LOCAL_ONLY_PROPERTIES.includes(key))) {
      // Nothing mailcow stores changed: no request at all.
      return {
        outs: buildState(desired.local, desired.settings, { salt, digest: secretDigest(salt, desired.secret) }),
      };
    }
    return this.#withClient(desired.local.mailcowUrl, desired.secret, async (client) => {
      if (changed.includes("mailcowUrl")) return { outs: await claimAndWrite(client, desired) };
      const onlyVersion = changed.every((key) => key === "providerVersion" || LOCAL_ONLY_PROPERTIES.includes(key));
      return { outs: await (onlyVersion ? verifyOrWrite : writeAndVerify)(client, desired) };
    });
  }

  async delete(_id: string, props: Props): Promise<void> {
    if (props.onDelete === "retain") return; // leave mailcow untouched
    return this.#withClient(localFields(props).mailcowUrl, undefined, (client) => removeIfOurs(client, props));
  }

  /**
   * Runs `action` with a fresh client and rethrows any failure as a new Error whose message holds no secret: not
   * the API key, not the desired client secret, not any secret mailcow sent back (a new Error also gets a new
   * stack, which the host prints).
   */
  async #withClient<T>(mailcowUrl: string, secret: string | undefined, action: (client: MailcowClient) => Promise<T>) {
    const redactor = new Redactor([this.#connection.apiKey, process.env.MAILCOW_API_KEY, secret]);
    let client: MailcowClient | undefined;
    try {
      if (this.#problem !== undefined) throw new Error(this.#problem);
      client = new MailcowClient({
        baseUrl: mailcowUrl,
        apiKey: resolveApiKey(this.#connection, process.env),
        timeoutMs: Math.round(this.#connection.requestTimeoutSeconds * 1000),
        maxRetries: this.#connection.maxRetries,
        retryBackoffMs: this.#connection.retryBackoffMs,
        insecureTls: this.#connection.insecureTls,
        redact: secret === undefined ? [] : [secret],
      });
      return await action(client);
    } catch (caught) {
      const text = caught instanceof Error ? caught.message : String(caught);
      const message = redactor.scrub(client === undefined ? text : client.redact(text));
      if (caught instanceof PartialFailure) throw new PartialFailure(message, caught.properties);
      // The original error is dropped on purpose: its message or stack could carry a secret.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(message);
    }
  }
}

/** The provider the shell loads (see runtime.ts). */
export const identityProvider = new IdentityProviderProvider();
