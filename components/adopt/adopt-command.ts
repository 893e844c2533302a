import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { REMOVE_ENV } from "./remove-bindings";

export interface RemoveBindingsCommandArgs {
  authentikUrl: string;
  authentikToken: pulumi.Input<string>;
  insecure: boolean;
  /** UUIDs of a hand-made setup's bindings that the stack's access settings do not declare. */
  bindings: string[];
}

/** The npm script the command runs: scripts/adopt.ts in its removal mode. */
export const REMOVE_BINDINGS_SCRIPT = "npm run --silent adopt -- --remove-bindings";

/**
 * Removes the listed bindings on `pulumi up` (commands never run during preview). The UUIDs are on the command line so
 * that preview shows them (an environment holding a secret is shown as [secret] whole); the token travels in the
 * environment, never on the command line.
 */
export function removeBindingsCommand(
  name: string,
  args: RemoveBindingsCommandArgs,
  opts: pulumi.CustomResourceOptions,
): command.local.Command {
  return new command.local.Command(
    name,
    {
      create: [REMOVE_BINDINGS_SCRIPT, ...args.bindings].join(" "),
      environment: {
        [REMOVE_ENV.url]: args.authentikUrl,
        [REMOVE_ENV.token]: pulumi.secret(args.authentikToken),
        [REMOVE_ENV.insecure]: String(args.insecure),
      },
      logging: "stdoutAndStderr",
    },
    opts,
  );
}
