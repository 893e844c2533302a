import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { ENV, INSECURE_TLS_ENV } from "./input";

export interface ConnectionTestCommandArgs {
  mailcowUrl: pulumi.Input<string>;
  mailcowApiKey: pulumi.Input<string>;
  discoveryUrl: pulumi.Input<string>;
  issuer: pulumi.Input<string>;
  authorizeUrl: pulumi.Input<string>;
  tokenUrl: pulumi.Input<string>;
  userinfoUrl: pulumi.Input<string>;
  clientId: pulumi.Input<string>;
  mailcowInsecureTls: boolean;
  /** Anything whose change should run the test again (e.g. the mailcow setting's secret digest). */
  revision: pulumi.Input<string>;
}

/** The npm script both `pulumi up` and an operator run; see scripts/connection-test.ts. */
export const CONNECTION_TEST_SCRIPT = "npm run --silent connection-test";

/**
 * Runs the connection test on `pulumi up` (commands never run during preview). Settings and the API key travel in
 * the environment, never on the command line; a change to any of them runs the test again as an update.
 */
export function connectionTestCommand(
  name: string,
  args: ConnectionTestCommandArgs,
  opts: pulumi.CustomResourceOptions,
): command.local.Command {
  const environment: Record<string, pulumi.Input<string>> = {
    [ENV.mailcowUrl]: args.mailcowUrl,
    [ENV.mailcowApiKey]: pulumi.secret(args.mailcowApiKey),
    [ENV.discoveryUrl]: args.discoveryUrl,
    [ENV.issuer]: args.issuer,
    [ENV.authorizeUrl]: args.authorizeUrl,
    [ENV.tokenUrl]: args.tokenUrl,
    [ENV.userinfoUrl]: args.userinfoUrl,
    [ENV.clientId]: args.clientId,
    [INSECURE_TLS_ENV]: String(args.mailcowInsecureTls),
    MAILCOW_SSO_REVISION: args.revision,
  };
  return new command.local.Command(
    name,
    { create: CONNECTION_TEST_SCRIPT, update: CONNECTION_TEST_SCRIPT, environment, logging: "stdoutAndStderr" },
    opts,
  );
}
