import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

export function getCertificateKeyPair(
  args: GetCertificateKeyPairArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetCertificateKeyPairResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke(
    "authentik:index/getCertificateKeyPair:getCertificateKeyPair",
    {
      fetchCertificate: args.fetchCertificate,
      fetchKey: args.fetchKey,
      keyData: args.keyData,
      name: args.name,
    },
    opts,
    utilities.getPackage(),
  );
}

/**
 * A collection of arguments for invoking getCertificateKeyPair.
 */
export interface GetCertificateKeyPairArgs {
  /**
   * If set to true, certificate data will be fetched. Defaults to `true`.
   */
  fetchCertificate?: boolean;
  /**
   * If set to true, private key data will be fetched. Defaults to `true`.
   */
  fetchKey?: boolean;
  /**
   * Generated.
   */
  keyData?: string;
  name: string;
}

/**
 * A collection of values returned by getCertificateKeyPair.
 */
export interface GetCertificateKeyPairResult {
  readonly certificateData: string;
  readonly expiry: string;
  readonly fetchCertificate?: boolean;
  readonly fetchKey?: boolean;
  readonly fingerprint1: string;
  readonly fingerprint256: string;
  readonly id: string;
  readonly keyData: string;
  readonly name: string;
  readonly subject: string;
}

export function getCertificateKeyPairOutput(
  args: GetCertificateKeyPairOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetCertificateKeyPairResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput(
    "authentik:index/getCertificateKeyPair:getCertificateKeyPair",
    {
      fetchCertificate: args.fetchCertificate,
      fetchKey: args.fetchKey,
      keyData: args.keyData,
      name: args.name,
    },
    opts,
    utilities.getPackage(),
  );
}

/**
 * A collection of arguments for invoking getCertificateKeyPair.
 */
export interface GetCertificateKeyPairOutputArgs {
  /**
   * If set to true, certificate data will be fetched. Defaults to `true`.
   */
  fetchCertificate?: pulumi.Input<boolean>;
  /**
   * If set to true, private key data will be fetched. Defaults to `true`.
   */
  fetchKey?: pulumi.Input<boolean>;
  /**
   * Generated.
   */
  keyData?: pulumi.Input<string>;
  name: pulumi.Input<string>;
}
