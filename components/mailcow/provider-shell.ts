/**
 * What Pulumi serializes into the state as `__provider`: a shell of a few lines that, inside the provider host,
 * loads the real provider from the compiled package @mailcow-sso/mailcow-provider (components/mailcow, built on
 * `npm ci`). `require` is resolved at run time from the host's working directory, the project root, so the
 * serializer captures nothing but the package name. The code on disk is what runs; see README.md, "Versions".
 */
import type * as pulumi from "@pulumi/pulumi";

const RUNTIME_PACKAGE = "@mailcow-sso/mailcow-provider";

function runtime(): Required<pulumi.dynamic.ResourceProvider> {
  try {
    return (require(RUNTIME_PACKAGE) as typeof import("./runtime")).identityProvider;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
    throw new Error(
      `The mailcow provider's code (${RUNTIME_PACKAGE}) cannot be loaded from ${process.cwd()} ` +
        `(${String((error as Error).message).split("\n")[0]}): run \`npm ci\` in the project root (it builds ` +
        "components/mailcow/bin) and run pulumi from there, or point NODE_PATH at the project's node_modules.",
      { cause: error },
    );
  }
}

export const identityProviderShell: pulumi.dynamic.ResourceProvider = {
  configure: (req) => runtime().configure(req),
  check: (olds, news) => runtime().check(olds, news),
  diff: (id, olds, news) => runtime().diff(id, olds, news),
  create: (inputs) => runtime().create(inputs),
  read: (id, props) => runtime().read(id, props),
  update: (id, olds, news) => runtime().update(id, olds, news),
  delete: (id, props) => runtime().delete(id, props),
};
