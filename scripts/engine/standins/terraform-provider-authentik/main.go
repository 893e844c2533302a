// Command terraform-provider-authentik is a STAND-IN for authentik's Terraform provider v2026.5.0 (see
// README.md): it serves the covered resources over the Terraform plugin protocol, as the real one does.
package main

import (
	"flag"
	"fmt"

	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/plugin"

	"mailcow-sso/standins/terraform-provider-authentik/internal/provider"
)

// version is overridable with -ldflags "-X main.version=..."; it ends up in the User-Agent and -version.
var version = "2026.5.0-standin"

func main() {
	debug := flag.Bool("debug", false, "run with support for debuggers like delve")
	showVersion := flag.Bool("version", false, "show version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}
	plugin.Serve(&plugin.ServeOpts{
		ProviderFunc: func() *schema.Provider { return provider.Provider(version) },
		ProviderAddr: "registry.opentofu.org/goauthentik/authentik",
		Debug:        *debug,
	})
}
