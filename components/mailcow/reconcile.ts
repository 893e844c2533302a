/**
 * What the provider does against mailcow: claim the setting on create (or on a move to another mailcow), write and
 * read back, and decide what is this stack's. mailcow has one identity-provider setting, so two writers (two
 * stacks, or a stack and a person in the admin UI) can meet there; none of this may mistake the other's for ours.
 */
import type { MailcowClient } from "./client";
import { isMailcowError } from "./errors";
import {
  type ObservedIdentityProvider,
  type OidcSettings,
  changedSettings,
  normaliseStored,
  pickSettings,
  renderAttr,
} from "./settings";
import { type IdentityProviderState, type LocalFields, buildState, secretDigest } from "./state";

/** The id of the (singleton) identity-provider setting. */
export const IDENTITY_PROVIDER_ID = "identity-provider";

/**
 * A failure after mailcow was changed: an error with `id` makes the host report a partial success, and the engine
 * records `properties` (which must include __provider) as the resource's state.
 */
export class PartialFailure extends Error {
  readonly id = IDENTITY_PROVIDER_ID;

  constructor(
    message: string,
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** What a write wants mailcow to hold, and what to record for it. */
export interface Desired {
  settings: OidcSettings;
  secret: string;
  local: LocalFields;
  salt: string;
  /** The `__provider` of the request, recorded with a partial failure. */
  provider: unknown;
}

/** The settings that say whose configuration it is: another client or other endpoints mean another owner. */
const IDENTITY_KEYS = ["clientId", "authorizeUrl", "tokenUrl", "userinfoUrl"] as const;
type IdentityKey = (typeof IDENTITY_KEYS)[number];

/** Identity settings in which `found` differs from `ours` (none: the same client at the same IdP). */
function foreignFields(ours: Pick<OidcSettings, IdentityKey>, found: OidcSettings): IdentityKey[] {
  return IDENTITY_KEYS.filter((key) => ours[key] !== found[key]);
}

/** A configuration in words for messages: never a secret. */
function describe(observed: ObservedIdentityProvider): string {
  if (observed.authsource === null) return "no identity provider";
  const parts = [`authsource "${observed.authsource}"`];
  if (observed.clientId) parts.push(`client ID "${observed.clientId}"`);
  if (observed.settings) parts.push(`token URL ${observed.settings.tokenUrl}`);
  return parts.join(", ");
}

function hasMessage(error: unknown, key: string): boolean {
  return isMailcowError(error) && error.messages.some((message) => message.split(" ")[0] === key);
}

function stateFor(desired: Desired): IdentityProviderState {
  const { local, settings, salt, secret } = desired;
  return buildState(local, settings, { salt, digest: secretDigest(salt, secret) });
}

function sameAsDesired(observed: ObservedIdentityProvider, desired: Desired): boolean {
  return (
    observed.settings !== null &&
    changedSettings(desired.settings, observed.settings).length === 0 &&
    observed.clientSecret === desired.secret
  );
}

/** What mailcow stored differently from what was sent, in words (no secret values). */
function verificationProblems(found: OidcSettings, observed: ObservedIdentityProvider, desired: Desired): string[] {
  return changedSettings(desired.settings, found).map((key) => {
    const hint =
      key === "redirectUrlExtra" && observed.missing.includes("redirect_url_extra")
        ? " (mailcow before 2025-05 does not know redirect_url_extra)"
        : "";
    return `${key}: sent ${JSON.stringify(desired.settings[key])}, stored ${JSON.stringify(found[key])}${hint}`;
  });
}

/**
 * Writes the complete attribute set and reads it back. mailcow answers success even when it silently drops parts
 * (mappings of unequal length, unknown keys on older versions), so only the read-back proves the result. A
 * read-back with another client, other endpoints or another secret was written by someone else in between: that
 * is reported as such and never recorded as this stack's.
 */
export async function writeAndVerify(client: MailcowClient, desired: Desired): Promise<IdentityProviderState> {
  try {
    await client.editIdentityProvider(renderAttr(desired.settings, desired.secret));
  } catch (error) {
    if (!hasMessage(error, "authsource_in_use")) throw error;
    throw new Error(
      `${(error as Error).message} Mailboxes still use another identity provider; mailcow only switches ` +
        `authsource once they are moved back to the mailcow authsource.`,
      { cause: error },
    );
  }
  const observed = normaliseStored(await client.getIdentityProvider());
  const found = observed.settings;
  if (found === null || foreignFields(desired.settings, found).length > 0 || observed.clientSecret !== desired.secret) {
    throw new Error(
      `mailcow's setting was changed by another writer between this stack's write and its read-back: mailcow at ` +
        `${client.baseUrl} now holds ${describe(observed)}${found === null ? "" : " (or another client secret)"}, ` +
        `not the client ID "${desired.settings.clientId}" this stack wrote. mailcow has one identity-provider ` +
        `setting, so only one stack (or person) may manage it: stop the other writer (e.g. set onDelete: "retain" ` +
        `on its resource and remove it from that stack), then run pulumi up again. Nothing was recorded as this ` +
        `stack's.`,
    );
  }
  const problems = verificationProblems(found, observed, desired);
  if (problems.length > 0) {
    const { local, salt } = desired;
    const state = buildState(local, found, { salt, digest: secretDigest(salt, observed.clientSecret ?? "") });
    throw new PartialFailure(
      `mailcow at ${client.baseUrl} accepted the identity-provider settings but stored something else: ` +
        `${problems.join("; ")}.`,
      { ...state, __provider: desired.provider },
    );
  }
  return stateFor(desired);
}

/** Create, or move to another mailcow: never overwrites a foreign configuration unless adoptExisting is set. */
export async function claimAndWrite(client: MailcowClient, desired: Desired): Promise<IdentityProviderState> {
  const observed = normaliseStored(await client.getIdentityProvider());
  if (sameAsDesired(observed, desired)) return stateFor(desired);
  if (observed.authsource !== null && !desired.local.adoptExisting) {
    const differs: string[] = observed.settings === null ? [] : changedSettings(desired.settings, observed.settings);
    if (observed.settings !== null && observed.clientSecret !== desired.secret) differs.push("clientSecret");
    throw new Error(
      `mailcow at ${client.baseUrl} already has an identity provider configured (${describe(observed)}` +
        `${differs.length > 0 ? `, differing in ${differs.join(", ")}` : ""}). Refusing to overwrite it: set ` +
        `adoptExisting: true to take it over, or remove it in mailcow first.`,
    );
  }
  return writeAndVerify(client, desired);
}

/** A change mailcow stores nothing new for (a new provider version): one GET, and a write only on drift. */
export async function verifyOrWrite(client: MailcowClient, desired: Desired): Promise<IdentityProviderState> {
  const observed = normaliseStored(await client.getIdentityProvider());
  return sameAsDesired(observed, desired) ? stateFor(desired) : writeAndVerify(client, desired);
}

/** Removes the setting if it is still the one this stack recorded; someone else's stays (item: destroy). */
export async function removeIfOurs(client: MailcowClient, recorded: Record<string, unknown>): Promise<void> {
  const observed = normaliseStored(await client.getIdentityProvider());
  // Nothing left, or another authsource: nothing of this stack's is in mailcow any more.
  if (observed.settings === null) return;
  const ours = pickSettings(recorded);
  const foreign = ours === undefined ? [...IDENTITY_KEYS] : foreignFields(ours, observed.settings);
  if (foreign.length > 0) {
    throw new Error(
      `mailcow at ${client.baseUrl} now holds a Generic-OIDC configuration this stack did not write ` +
        `(${describe(observed)}; differing from this stack's in ${foreign.join(", ")}), so it is not deleted. ` +
        `To leave it in place, set onDelete: "retain" (mailcow.onDelete in the stack config), run pulumi up, then ` +
        `destroy again; to remove it, delete it by hand in mailcow (System > Configuration > Access > Identity ` +
        `Provider) and destroy again.`,
    );
  }
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
}
