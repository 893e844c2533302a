import * as authentik from "@pulumi/authentik";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { removeBindingsCommand } from "../adopt/adopt-command";
import type { AdoptSettings, Settings, TemplateMapping } from "../config";
import { nameFragment } from "../naming";
import { oidcEndpoints } from "./endpoints";
import { TEMPLATE_CLAIM, templateClaimExpression } from "./template-claim";
import { unsetFields } from "./unset-fields";

/** authentik's own scope mappings, looked up by managed id rather than by display name or UUID. */
export const DEFAULT_SCOPE_MAPPINGS = [
  "goauthentik.io/providers/oauth2/scope-openid",
  "goauthentik.io/providers/oauth2/scope-email",
  "goauthentik.io/providers/oauth2/scope-profile",
];

export interface AuthentikOidcApplicationArgs {
  authentik: Settings["authentik"];
  application: Settings["application"];
  oauth2: Settings["oauth2"];
  access: Settings["access"];
  /** mailcow's base URL: the one Strict redirect URI, exactly as mailcow sends it. */
  mailcowUrl: string;
  /** Extra mailcow URLs (mailcow's redirect_url_extra), also allowed as Strict redirect URIs. */
  redirectUrlExtra: string[];
  templateMappings: TemplateMapping[];
  /** IDs of a hand-made setup's objects (npm run adopt): imported on first creation instead of created. */
  adopt: AdoptSettings;
}

/** The authentik half: an explicit provider, the OAuth2/OIDC provider, the application and its access bindings. */
export class AuthentikOidcApplication extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<string>;
  readonly clientSecret: pulumi.Output<string>;
  readonly applicationSlug: pulumi.Output<string>;
  readonly applicationUuid: pulumi.Output<string>;
  readonly launchUrl: pulumi.Output<string>;
  readonly redirectUrl: pulumi.Output<string>;
  readonly issuerUrl: pulumi.Output<string>;
  readonly discoveryUrl: pulumi.Output<string>;
  readonly authorizeUrl: pulumi.Output<string>;
  readonly tokenUrl: pulumi.Output<string>;
  readonly userinfoUrl: pulumi.Output<string>;
  readonly endSessionUrl: pulumi.Output<string>;
  /** Resources that must exist before a client can sign in (ordering hook for the mailcow side). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: AuthentikOidcApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mailcow-sso:authentik:OidcApplication", name, {}, opts);
    const { application, oauth2, adopt } = args;

    const provider = new authentik.Provider(
      `${name}-authentik`,
      { url: args.authentik.url, token: args.authentik.token, insecure: args.authentik.insecure },
      { parent: this },
    );
    const child = { parent: this, provider };
    const invoke = { parent: this, provider };

    const authorizationFlow = authentik.getFlowOutput({ slug: oauth2.authorizationFlow }, invoke);
    const invalidationFlow = authentik.getFlowOutput({ slug: oauth2.invalidationFlow }, invoke);
    // Only the id is needed: fetching the certificate or private key would copy them into state.
    const signingKey = authentik.getCertificateKeyPairOutput(
      { name: oauth2.signingKey, fetchCertificate: false, fetchKey: false },
      invoke,
    );
    const defaultScopes = authentik.getPropertyMappingProviderScopeOutput(
      { managedLists: DEFAULT_SCOPE_MAPPINGS },
      invoke,
    );

    const templateScope = new authentik.PropertyMappingProviderScope(
      `${name}-${TEMPLATE_CLAIM}`,
      {
        name: `mailcow-sso: ${TEMPLATE_CLAIM} (${application.slug})`,
        scopeName: TEMPLATE_CLAIM,
        description: "mailcow mailbox template",
        expression: templateClaimExpression(args.templateMappings),
      },
      { ...child, import: adopt.templateScope },
    );

    // The program owns the credentials so that both sides get them in one `up`; authentik never generates them.
    const clientId =
      oauth2.clientId !== undefined
        ? pulumi.output(oauth2.clientId)
        : new random.RandomString(`${name}-client-id`, { length: 40, special: false }, { parent: this }).result;
    // An adopted setup keeps its secret (oauth2.clientSecret, pinned by npm run adopt) until it is unpinned.
    const clientSecret =
      oauth2.clientSecret ??
      new random.RandomPassword(
        `${name}-client-secret`,
        // Changing oauth2.clientSecretRotation changes the keeper and so generates a new secret.
        { length: 96, special: false, keepers: { rotation: oauth2.clientSecretRotation } },
        { parent: this },
      ).result;

    const redirectUris = [args.mailcowUrl, ...args.redirectUrlExtra].map((url) => ({
      matching_mode: "strict",
      url,
      redirect_uri_type: "authorization",
    }));

    const oauth2Provider = new authentik.ProviderOauth2(
      `${name}-oauth2`,
      {
        name: oauth2.name ?? application.name,
        clientType: "confidential",
        clientId,
        clientSecret,
        authorizationFlow: authorizationFlow.id,
        invalidationFlow: invalidationFlow.id,
        signingKey: signingKey.id,
        allowedRedirectUris: redirectUris,
        propertyMappings: pulumi
          .all([defaultScopes.ids, templateScope.id])
          .apply(([ids, template]) => [...(ids ?? []), template]),
        accessCodeValidity: oauth2.accessCodeValidity,
        accessTokenValidity: oauth2.accessTokenValidity,
        refreshTokenValidity: oauth2.refreshTokenValidity,
        subMode: oauth2.subMode,
        issuerMode: oauth2.issuerMode,
      },
      // The program never sets a logout URI, so it is authentik's (see unsetFields).
      { ...child, import: adopt.oauth2Provider, ignoreChanges: ["logoutUri"] },
    );

    const app = new authentik.Application(
      `${name}-application`,
      {
        name: application.name,
        slug: application.slug,
        // The bridge types protocolProvider as the provider's integer pk; the resource id is its string form.
        protocolProvider: oauth2Provider.id.apply(Number),
        group: application.group,
        policyEngineMode: application.policyEngineMode,
        metaLaunchUrl: application.launchUrl,
        metaIcon: application.icon,
        metaDescription: application.description,
        metaPublisher: application.publisher,
        openInNewTab: application.openInNewTab,
      },
      {
        ...child,
        import: adopt.application,
        ignoreChanges: unsetFields({
          group: application.group,
          metaIcon: application.icon,
          metaDescription: application.description,
          metaPublisher: application.publisher,
        }),
      },
    );

    const bindings = args.access.bindings.map((binding) => {
      const subject =
        binding.kind === "group"
          ? { group: authentik.getGroupOutput({ name: binding.ref, includeUsers: false }, invoke).id }
          : binding.kind === "user"
            ? { user: authentik.getUserOutput({ username: binding.ref }, invoke).pk }
            : { policy: binding.ref };
      const adopted = adopt.bindings.find((b) => b.kind === binding.kind && b.ref === binding.ref);
      return new authentik.PolicyBinding(
        `${name}-${binding.kind}-${nameFragment(binding.ref)}`,
        { target: app.uuid, order: binding.order, ...subject },
        { ...child, import: adopted?.id },
      );
    });
    // A hand-made setup's bindings that the access settings do not declare go, after the stack's own exist.
    if (adopt.removeBindings.length > 0) {
      removeBindingsCommand(
        `${name}-adopt-remove-bindings`,
        {
          authentikUrl: args.authentik.url,
          authentikToken: args.authentik.token,
          insecure: args.authentik.insecure,
          bindings: adopt.removeBindings,
        },
        { parent: this, dependsOn: [app, ...bindings] },
      );
    }

    const endpoints = oidcEndpoints(args.authentik.url, application.slug, oauth2.issuerMode);
    this.clientId = clientId;
    this.clientSecret = pulumi.secret(clientSecret);
    this.applicationSlug = app.slug;
    this.applicationUuid = app.uuid;
    this.launchUrl = pulumi.output(application.launchUrl);
    this.redirectUrl = pulumi.output(args.mailcowUrl);
    this.issuerUrl = pulumi.output(endpoints.issuer);
    this.discoveryUrl = pulumi.output(endpoints.discovery);
    this.authorizeUrl = pulumi.output(endpoints.authorize);
    this.tokenUrl = pulumi.output(endpoints.token);
    this.userinfoUrl = pulumi.output(endpoints.userinfo);
    this.endSessionUrl = pulumi.output(endpoints.endSession);
    this.ready = [oauth2Provider, app, ...bindings];

    this.registerOutputs({
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      applicationSlug: this.applicationSlug,
      issuerUrl: this.issuerUrl,
      discoveryUrl: this.discoveryUrl,
      authorizeUrl: this.authorizeUrl,
      tokenUrl: this.tokenUrl,
      userinfoUrl: this.userinfoUrl,
      endSessionUrl: this.endSessionUrl,
      launchUrl: this.launchUrl,
    });
  }
}
