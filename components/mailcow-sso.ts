import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { AuthentikOidcApplication } from "./authentik/oidc-application";
import type { Settings } from "./config";
import { connectionTestCommand } from "./connection-test/connection-test-command";
import { MailcowIdentityProvider } from "./mailcow/identity-provider";
import { type IdentityProviderSummary, SUMMARY_KEYS } from "./mailcow/state";

export interface MailcowSsoArgs {
  settings: Settings;
}

/** mailcow's identity-provider setting as the stack reports it: no secrets. */
export type MailcowIdentityProviderSummary = IdentityProviderSummary;

/** Both halves of the integration: authentik's OAuth2 application and mailcow's Generic-OIDC setting. */
export class MailcowSso extends pulumi.ComponentResource {
  readonly authentik: AuthentikOidcApplication;
  readonly identityProvider: MailcowIdentityProvider;
  readonly connectionTest: command.local.Command | undefined;
  readonly issuerUrl: pulumi.Output<string>;
  readonly discoveryUrl: pulumi.Output<string>;
  readonly launchUrl: pulumi.Output<string>;
  readonly clientId: pulumi.Output<string>;
  readonly clientSecret: pulumi.Output<string>;
  readonly mailcowIdentityProvider: pulumi.Output<MailcowIdentityProviderSummary>;

  constructor(name: string, args: MailcowSsoArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mailcow-sso:index:MailcowSso", name, {}, opts);
    const { authentik: authentikSettings, mailcow, provisioning } = args.settings;

    this.authentik = new AuthentikOidcApplication(
      name,
      {
        authentik: authentikSettings,
        application: args.settings.application,
        oauth2: args.settings.oauth2,
        access: args.settings.access,
        mailcowUrl: mailcow.url,
        redirectUrlExtra: mailcow.redirectUrlExtra,
        templateMappings: provisioning.templateMappings,
        adopt: args.settings.adopt,
      },
      { parent: this },
    );
    const app = this.authentik;

    this.identityProvider = new MailcowIdentityProvider(
      `${name}-identity-provider`,
      {
        mailcowUrl: mailcow.url,
        // authentik's endpoints, derived from the authentik URL: never the mailcow host.
        authorizeUrl: app.authorizeUrl,
        tokenUrl: app.tokenUrl,
        userinfoUrl: app.userinfoUrl,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        redirectUrl: app.redirectUrl,
        redirectUrlExtra: mailcow.redirectUrlExtra,
        clientScopes: mailcow.clientScopes,
        ignoreSslError: mailcow.ignoreSslError,
        loginProvisioning: provisioning.loginProvisioning,
        defaultTemplate: provisioning.defaultTemplate ?? "",
        templateMappings: provisioning.templateMappings.map(({ claimValue, template }) => ({ claimValue, template })),
        adoptExisting: mailcow.adoptExisting,
        onDelete: mailcow.onDelete,
        allowHttp: mailcow.allowHttp,
      },
      // The client ID and secret come from the generators, not from authentik: without this, mailcow could switch
      // to a new secret before authentik knows it.
      { parent: this, dependsOn: app.ready },
    );
    const idp = this.identityProvider;

    this.connectionTest = mailcow.connectionTest
      ? connectionTestCommand(
          `${name}-connection-test`,
          {
            mailcowUrl: mailcow.url,
            mailcowApiKey: mailcow.apiKey,
            discoveryUrl: app.discoveryUrl,
            issuer: app.issuerUrl,
            authorizeUrl: idp.authorizeUrl,
            tokenUrl: idp.tokenUrl,
            userinfoUrl: idp.userinfoUrl,
            clientId: idp.clientId,
            mailcowInsecureTls: mailcow.insecureTls,
            revision: pulumi.interpolate`${idp.providerVersion}:${idp.clientSecretDigest}`,
          },
          { parent: this, dependsOn: [idp, ...app.ready] },
        )
      : undefined;

    this.issuerUrl = app.issuerUrl;
    this.discoveryUrl = app.discoveryUrl;
    this.launchUrl = app.launchUrl;
    this.clientId = app.clientId;
    this.clientSecret = app.clientSecret;
    // Read back from mailcow (not the desired inputs), without the secret digest.
    const summary = Object.fromEntries(SUMMARY_KEYS.map((key) => [key, idp[key]])) as {
      [K in keyof MailcowIdentityProviderSummary]: pulumi.Output<MailcowIdentityProviderSummary[K]>;
    };
    this.mailcowIdentityProvider = pulumi.output(summary);

    this.registerOutputs({
      issuerUrl: this.issuerUrl,
      discoveryUrl: this.discoveryUrl,
      launchUrl: this.launchUrl,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      mailcowIdentityProvider: this.mailcowIdentityProvider,
    });
  }
}
