import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { AuthentikOidcApplication } from "./authentik/oidc-application";
import type { Settings } from "./config";
import { connectionTestCommand } from "./connection-test/connection-test-command";
import { summaryLine } from "./connection-test/report";
import { MailcowIdentityProvider } from "./mailcow/identity-provider";
import { type IdentityProviderSummary, SUMMARY_KEYS } from "./mailcow/state";

export interface MailcowSsoArgs {
  settings: Settings;
}

/** mailcow's identity-provider setting as the stack reports it: no secrets. */
export type MailcowIdentityProviderSummary = IdentityProviderSummary;

/**
 * Exceptions to the policy pack's rules that the stack's settings declare (access.public, mailcow.allowIgnoreSslError),
 * carried on the component's outputs so that the pack reads them from the stack itself (policy/README.md).
 */
export interface PolicyExceptions {
  /** Slugs of applications that are deliberately open to every authentik user. */
  publicApplications: string[];
  /** mailcow base URLs whose identity provider may skip TLS verification towards authentik. */
  ignoreSslError: string[];
}

/** What `pulumi stack output connectionTest` says when the stack does not run the test. */
export const CONNECTION_TEST_OFF = "not run: mailcow.connectionTest is false";

/** Both halves of the integration: authentik's OAuth2 application and mailcow's Generic-OIDC setting. */
export class MailcowSso extends pulumi.ComponentResource {
  readonly authentik: AuthentikOidcApplication;
  readonly identityProvider: MailcowIdentityProvider;
  readonly connectionTest: command.local.Command | undefined;
  readonly issuerUrl: pulumi.Output<string>;
  readonly discoveryUrl: pulumi.Output<string>;
  readonly launchUrl: pulumi.Output<string>;
  readonly authorizeUrl: pulumi.Output<string>;
  readonly tokenUrl: pulumi.Output<string>;
  readonly userinfoUrl: pulumi.Output<string>;
  readonly endSessionUrl: pulumi.Output<string>;
  /** The application's page in authentik's admin interface. */
  readonly authentikAdminUrl: pulumi.Output<string>;
  /** The connection test's verdict line from the last `up` that ran it. */
  readonly connectionTestResult: pulumi.Output<string>;
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
    this.authorizeUrl = app.authorizeUrl;
    this.tokenUrl = app.tokenUrl;
    this.userinfoUrl = app.userinfoUrl;
    this.endSessionUrl = app.endSessionUrl;
    this.authentikAdminUrl = pulumi.interpolate`${authentikSettings.url}/if/admin/#/core/applications/${app.applicationSlug}`;
    // The command's outputs are secret (its environment holds the API key); only the verdict line leaves, and
    // summaryLine lets nothing else of the text through.
    this.connectionTestResult = this.connectionTest
      ? pulumi.unsecret(this.connectionTest.stdout).apply((out) => summaryLine(out) ?? "not run yet")
      : pulumi.output(CONNECTION_TEST_OFF);
    this.clientId = app.clientId;
    this.clientSecret = app.clientSecret;
    // Read back from mailcow (not the desired inputs), without the secret digest.
    const summary = Object.fromEntries(SUMMARY_KEYS.map((key) => [key, idp[key]])) as {
      [K in keyof MailcowIdentityProviderSummary]: pulumi.Output<MailcowIdentityProviderSummary[K]>;
    };
    this.mailcowIdentityProvider = pulumi.output(summary);

    const exceptions: PolicyExceptions = {
      publicApplications: args.settings.access.public ? [args.settings.application.slug] : [],
      ignoreSslError: mailcow.allowIgnoreSslError ? [mailcow.url] : [],
    };

    this.registerOutputs({
      issuerUrl: this.issuerUrl,
      discoveryUrl: this.discoveryUrl,
      launchUrl: this.launchUrl,
      authorizeUrl: this.authorizeUrl,
      tokenUrl: this.tokenUrl,
      userinfoUrl: this.userinfoUrl,
      endSessionUrl: this.endSessionUrl,
      authentikAdminUrl: this.authentikAdminUrl,
      connectionTest: this.connectionTestResult,
      policyExceptions: exceptions,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      mailcowIdentityProvider: this.mailcowIdentityProvider,
    });
  }
}
