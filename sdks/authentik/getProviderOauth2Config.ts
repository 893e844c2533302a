import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

export function getProviderOauth2Config(
  args?: GetProviderOauth2ConfigArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetProviderOauth2ConfigResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke(
    "authentik:index/getProviderOauth2Config:getProviderOauth2Config",
    {
      id: args.id,
      name: args.name,
      providerId: args.providerId,
    },
    opts,
    utilities.getPackage(),
  );
}

/**
 * A collection of arguments for invoking getProviderOauth2Config.
 */
export interface GetProviderOauth2ConfigArgs {
  id?: string;
  name?: string;
  providerId?: number;
}

/**
 * A collection of values returned by getProviderOauth2Config.
 */
export interface GetProviderOauth2ConfigResult {
  readonly authorizeUrl: string;
  readonly id: string;
  readonly issuerUrl: string;
  readonly jwksUrl: string;
  readonly logoutUrl: string;
  readonly name?: string;
  readonly providerId?: number;
  readonly providerInfoUrl: string;
  readonly tokenUrl: string;
  readonly userInfoUrl: string;
}

export function getProviderOauth2ConfigOutput(
  args?: GetProviderOauth2ConfigOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetProviderOauth2ConfigResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput(
    "authentik:index/getProviderOauth2Config:getProviderOauth2Config",
    {
      id: args.id,
      name: args.name,
      providerId: args.providerId,
    },
    opts,
    utilities.getPackage(),
  );
}

/**
 * A collection of arguments for invoking getProviderOauth2Config.
 */
export interface GetProviderOauth2ConfigOutputArgs {
  id?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  providerId?: pulumi.Input<number>;
}
