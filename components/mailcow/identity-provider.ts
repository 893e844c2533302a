/**
 * mailcow's generic-OIDC identity-provider setting as a Pulumi resource (a dynamic provider over mailcow's API).
 * mailcow has exactly one such setting, so this resource is a singleton per mailcow: it is edited in place and
 * never replaced. The API key is not an input: set `pulumi config set --secret --path mailcow.apiKey <key>`
 * (or MAILCOW_API_KEY).
 */
import * as pulumi from "@pulumi/pulumi";
import { identityProviderShell } from "./provider-shell";
import type { TemplateMapping } from "./settings";
import { type IdentityProviderState, OUTPUT_KEYS } from "./state";

export interface MailcowIdentityProviderArgs {
  /** mailcow's base URL (the API lives under /api/v1). Changing it points the resource at another mailcow. */
  mailcowUrl: pulumi.Input<string>;
  authorizeUrl: pulumi.Input<string>;
  tokenUrl: pulumi.Input<string>;
  userinfoUrl: pulumi.Input<string>;
  clientId: pulumi.Input<string>;
  /** Stored as a secret in state; outputs only carry a salted digest of it. */
  clientSecret: pulumi.Input<string>;
  /** mailcow's own URL, registered as redirect URI at the IdP (compared character for character). */
  redirectUrl: pulumi.Input<string>;
  /** Further mailcow URLs (mailcow 2025-05+). Default none. */
  redirectUrlExtra?: pulumi.Input<pulumi.Input<string>[]>;
  /** Default openid profile email mailcow_template; must include openid. */
  clientScopes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Let mailcow skip TLS verification towards the IdP. Default false. */
  ignoreSslError?: pulumi.Input<boolean>;
  /** Create mailboxes at first SSO login. Default false. */
  loginProvisioning?: pulumi.Input<boolean>;
  /** Mailbox template used when no mapping matches. Default none. */
  defaultTemplate?: pulumi.Input<string>;
  /** Ordered mapping of `mailcow_template` claim values to mailbox templates. */
  templateMappings?: pulumi.Input<pulumi.Input<TemplateMapping>[]>;
  /** Take over an existing, different configuration on create. Default false (refuse). */
  adoptExisting?: pulumi.Input<boolean>;
  /** "remove" (default) deletes the setting on destroy; "retain" leaves mailcow untouched. */
  onDelete?: pulumi.Input<"remove" | "retain">;
  /** Permit http:// URLs (loopback tests, labs). Default false. */
  allowHttp?: pulumi.Input<boolean>;
}

type IdentityProviderOutputs = { readonly [K in keyof IdentityProviderState]: pulumi.Output<IdentityProviderState[K]> };

// The outputs are declared from IdentityProviderState instead of field by field; Pulumi sets them.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface MailcowIdentityProvider extends IdentityProviderOutputs {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MailcowIdentityProvider extends pulumi.dynamic.Resource {
  constructor(name: string, args: MailcowIdentityProviderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      identityProviderShell,
      name,
      {
        // Every output must be a key of props (undefined until the provider answers).
        ...Object.fromEntries(OUTPUT_KEYS.map((key) => [key, undefined])),
        ...args,
        // Secret in state even when the caller passed a plain string.
        clientSecret: pulumi.secret(args.clientSecret),
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecretDigest"] }),
      "mailcow",
      "IdentityProvider",
    );
  }
}
