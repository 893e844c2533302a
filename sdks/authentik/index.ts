// Hand-maintained subset with the surface `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; regenerating with the Pulumi CLI replaces this whole folder (see README.md).

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

// Export members:
export { ApplicationArgs, ApplicationState } from "./application";
export type Application = import("./application").Application;
export const Application: typeof import("./application").Application = null as any;
utilities.lazyLoad(exports, ["Application"], () => require("./application"));

export { CertificateKeyPairArgs, CertificateKeyPairState } from "./certificateKeyPair";
export type CertificateKeyPair = import("./certificateKeyPair").CertificateKeyPair;
export const CertificateKeyPair: typeof import("./certificateKeyPair").CertificateKeyPair = null as any;
utilities.lazyLoad(exports, ["CertificateKeyPair"], () => require("./certificateKeyPair"));

export {
  GetCertificateKeyPairArgs,
  GetCertificateKeyPairOutputArgs,
  GetCertificateKeyPairResult,
} from "./getCertificateKeyPair";
export const getCertificateKeyPair: typeof import("./getCertificateKeyPair").getCertificateKeyPair = null as any;
export const getCertificateKeyPairOutput: typeof import("./getCertificateKeyPair").getCertificateKeyPairOutput =
  null as any;
utilities.lazyLoad(exports, ["getCertificateKeyPair", "getCertificateKeyPairOutput"], () =>
  require("./getCertificateKeyPair"),
);

export { GetFlowArgs, GetFlowOutputArgs, GetFlowResult } from "./getFlow";
export const getFlow: typeof import("./getFlow").getFlow = null as any;
export const getFlowOutput: typeof import("./getFlow").getFlowOutput = null as any;
utilities.lazyLoad(exports, ["getFlow", "getFlowOutput"], () => require("./getFlow"));

export { GetGroupArgs, GetGroupOutputArgs, GetGroupResult } from "./getGroup";
export const getGroup: typeof import("./getGroup").getGroup = null as any;
export const getGroupOutput: typeof import("./getGroup").getGroupOutput = null as any;
utilities.lazyLoad(exports, ["getGroup", "getGroupOutput"], () => require("./getGroup"));

export {
  GetPropertyMappingProviderScopeArgs,
  GetPropertyMappingProviderScopeOutputArgs,
  GetPropertyMappingProviderScopeResult,
} from "./getPropertyMappingProviderScope";
export const getPropertyMappingProviderScope: typeof import("./getPropertyMappingProviderScope").getPropertyMappingProviderScope =
  null as any;
export const getPropertyMappingProviderScopeOutput: typeof import("./getPropertyMappingProviderScope").getPropertyMappingProviderScopeOutput =
  null as any;
utilities.lazyLoad(exports, ["getPropertyMappingProviderScope", "getPropertyMappingProviderScopeOutput"], () =>
  require("./getPropertyMappingProviderScope"),
);

export {
  GetProviderOauth2ConfigArgs,
  GetProviderOauth2ConfigOutputArgs,
  GetProviderOauth2ConfigResult,
} from "./getProviderOauth2Config";
export const getProviderOauth2Config: typeof import("./getProviderOauth2Config").getProviderOauth2Config = null as any;
export const getProviderOauth2ConfigOutput: typeof import("./getProviderOauth2Config").getProviderOauth2ConfigOutput =
  null as any;
utilities.lazyLoad(exports, ["getProviderOauth2Config", "getProviderOauth2ConfigOutput"], () =>
  require("./getProviderOauth2Config"),
);

export { GetUserArgs, GetUserOutputArgs, GetUserResult } from "./getUser";
export const getUser: typeof import("./getUser").getUser = null as any;
export const getUserOutput: typeof import("./getUser").getUserOutput = null as any;
utilities.lazyLoad(exports, ["getUser", "getUserOutput"], () => require("./getUser"));

export { GroupArgs, GroupState } from "./group";
export type Group = import("./group").Group;
export const Group: typeof import("./group").Group = null as any;
utilities.lazyLoad(exports, ["Group"], () => require("./group"));

export { PolicyBindingArgs, PolicyBindingState } from "./policyBinding";
export type PolicyBinding = import("./policyBinding").PolicyBinding;
export const PolicyBinding: typeof import("./policyBinding").PolicyBinding = null as any;
utilities.lazyLoad(exports, ["PolicyBinding"], () => require("./policyBinding"));

export { PropertyMappingProviderScopeArgs, PropertyMappingProviderScopeState } from "./propertyMappingProviderScope";
export type PropertyMappingProviderScope = import("./propertyMappingProviderScope").PropertyMappingProviderScope;
export const PropertyMappingProviderScope: typeof import("./propertyMappingProviderScope").PropertyMappingProviderScope =
  null as any;
utilities.lazyLoad(exports, ["PropertyMappingProviderScope"], () => require("./propertyMappingProviderScope"));

export { ProviderArgs } from "./provider";
export type Provider = import("./provider").Provider;
export const Provider: typeof import("./provider").Provider = null as any;
utilities.lazyLoad(exports, ["Provider"], () => require("./provider"));

export { ProviderOauth2Args, ProviderOauth2State } from "./providerOauth2";
export type ProviderOauth2 = import("./providerOauth2").ProviderOauth2;
export const ProviderOauth2: typeof import("./providerOauth2").ProviderOauth2 = null as any;
utilities.lazyLoad(exports, ["ProviderOauth2"], () => require("./providerOauth2"));

// Export sub-modules:
import * as config from "./config";
import * as types from "./types";

export { config, types };

// Lets the engine rehydrate resources of this package from URNs (resource references, `get`).
const _module = {
  version: utilities.getVersion(),
  construct: (name: string, type: string, urn: string): pulumi.Resource => {
    switch (type) {
      case "authentik:index/application:Application":
        return new Application(name, <any>undefined, { urn });
      case "authentik:index/certificateKeyPair:CertificateKeyPair":
        return new CertificateKeyPair(name, <any>undefined, { urn });
      case "authentik:index/group:Group":
        return new Group(name, <any>undefined, { urn });
      case "authentik:index/policyBinding:PolicyBinding":
        return new PolicyBinding(name, <any>undefined, { urn });
      case "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope":
        return new PropertyMappingProviderScope(name, <any>undefined, { urn });
      case "authentik:index/providerOauth2:ProviderOauth2":
        return new ProviderOauth2(name, <any>undefined, { urn });
      default:
        throw new Error(`unknown resource type ${type}`);
    }
  },
};
pulumi.runtime.registerResourceModule("authentik", "index/application", _module);
pulumi.runtime.registerResourceModule("authentik", "index/certificateKeyPair", _module);
pulumi.runtime.registerResourceModule("authentik", "index/group", _module);
pulumi.runtime.registerResourceModule("authentik", "index/policyBinding", _module);
pulumi.runtime.registerResourceModule("authentik", "index/propertyMappingProviderScope", _module);
pulumi.runtime.registerResourceModule("authentik", "index/providerOauth2", _module);
pulumi.runtime.registerResourcePackage("authentik", {
  version: utilities.getVersion(),
  constructProvider: (name: string, type: string, urn: string): pulumi.ProviderResource => {
    if (type !== "pulumi:providers:authentik") {
      throw new Error(`unknown provider type ${type}`);
    }
    return new Provider(name, <any>undefined, { urn });
  },
});
