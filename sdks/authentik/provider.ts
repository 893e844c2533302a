import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * The provider type for the authentik package. By default, resources use package-wide configuration
 * settings, however an explicit `Provider` instance may be created and passed during resource
 * construction to achieve fine-grained programmatic control over provider settings. See the
 * [documentation](https://www.pulumi.com/docs/reference/programming-model/#providers) for more information.
 */
export class Provider extends pulumi.ProviderResource {
  /** @internal */
  public static readonly __pulumiType = "authentik";

  /**
   * Returns true if the given object is an instance of Provider.  This is designed to work even
   * when multiple copies of the Pulumi SDK have been loaded into the same process.
   */
  public static isInstance(obj: any): obj is Provider {
    if (obj === undefined || obj === null) {
      return false;
    }
    return obj["__pulumiType"] === "pulumi:providers:" + Provider.__pulumiType;
  }

  /**
   * The authentik API token, can optionally be passed as `AUTHENTIK_TOKEN` environmental variable
   */
  declare public readonly token: pulumi.Output<string>;
  /**
   * The authentik API endpoint, can optionally be passed as `AUTHENTIK_URL` environmental variable
   */
  declare public readonly url: pulumi.Output<string>;

  /**
   * Create a Provider resource with the given unique name, arguments, and options.
   *
   * @param name The _unique_ name of the resource.
   * @param args The arguments to use to populate this resource's properties.
   * @param opts A bag of options that control this resource's behavior.
   */
  constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
    const resourceInputs: pulumi.Inputs = {};
    opts = opts || {};
    {
      if (args?.token === undefined && !opts.urn) {
        throw new Error("Missing required property 'token'");
      }
      if (args?.url === undefined && !opts.urn) {
        throw new Error("Missing required property 'url'");
      }
      // Non-string provider config travels to the bridged provider as JSON text.
      resourceInputs["headers"] = pulumi
        .output(args?.headers ? pulumi.secret(args.headers) : undefined)
        .apply(JSON.stringify);
      resourceInputs["insecure"] = pulumi.output(args?.insecure).apply(JSON.stringify);
      resourceInputs["token"] = args?.token ? pulumi.secret(args.token) : undefined;
      resourceInputs["url"] = args?.url;
    }
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
    const secretOpts = { additionalSecretOutputs: ["token"] };
    opts = pulumi.mergeOptions(opts, secretOpts);
    super(Provider.__pulumiType, name, resourceInputs, opts, false /*dependency*/, utilities.getPackage());
  }

  /**
   * This function returns a Terraform config object with terraform-namecased keys,to be used with the Terraform Module Provider.
   */
  terraformConfig(): pulumi.Output<{ [key: string]: any }> {
    const result: pulumi.Output<Provider.TerraformConfigResult> = pulumi.runtime.call(
      "pulumi:providers:authentik/terraformConfig",
      {
        __self__: this,
      },
      this,
      utilities.getPackage(),
    );
    return result.result;
  }
}

/**
 * The set of arguments for constructing a Provider resource.
 */
export interface ProviderArgs {
  /**
   * Optional HTTP headers sent with every request
   */
  headers?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /**
   * Whether to skip TLS verification, can optionally be passed as `AUTHENTIK_INSECURE` environmental variable
   */
  insecure?: pulumi.Input<boolean>;
  /**
   * The authentik API token, can optionally be passed as `AUTHENTIK_TOKEN` environmental variable
   */
  token: pulumi.Input<string>;
  /**
   * The authentik API endpoint, can optionally be passed as `AUTHENTIK_URL` environmental variable
   */
  url: pulumi.Input<string>;
}

export namespace Provider {
  /**
   * The results of the Provider.terraformConfig method.
   */
  export interface TerraformConfigResult {
    readonly result: { [key: string]: any };
  }
}
