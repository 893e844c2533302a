#!/usr/bin/env bash
# Provides the real Pulumi engine toolchain for the engine suite, cached outside the repository:
#   the Pulumi CLI and the Node.js language host (built from the Go module proxy, or the `pulumi` on PATH),
#   the resource plugins @pulumi/random, @pulumi/command and @pulumi/authentik request, and authentik's Terraform
#   provider in the bridge's local cache. What cannot be had is replaced by a stand-in, and says so.
# Usage: scripts/engine/install.sh [--offline] [--print-env]
#   --offline    never download plugins (what the engine would fetch is built or stood in); CI here uses it
#   --print-env  only print the export lines of an existing toolchain (eval "$(scripts/engine/install.sh --print-env)")
# Idempotent: a second run finds everything in the cache and builds nothing. See scripts/engine/README.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

offline=false
print_env=false
for arg in "$@"; do
  case "$arg" in
    --offline) offline=true ;;
    --print-env) print_env=true ;;
    *) echo "install.sh: unknown argument $arg (use --offline or --print-env)" >&2; exit 2 ;;
  esac
done
[ "${PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:-}" = "true" ] && offline=true

# The cache key covers every input of the build: versions, pinned module sums and the stand-ins' sources.
key="$(cd "$here" && cat versions.env modules/*/go.mod modules/*/go.sum \
  $(find standins -type f \( -name '*.ts' -o -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) | sort) \
  | sha256sum | cut -c1-12)"
cache="${MAILCOW_SSO_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mailcow-sso/engine}/${PULUMI_VERSION}-${key}"
bin="$cache/bin"
home="$cache/pulumi-home"
manifest="$cache/toolchain.json"
envfile="$cache/env.sh"

if $print_env; then
  [ -f "$envfile" ] || { echo "install.sh: no toolchain at $cache; run scripts/engine/install.sh first" >&2; exit 1; }
  cat "$envfile"
  exit 0
fi

mkdir -p "$bin" "$home"
export GOFLAGS="-mod=readonly -buildvcs=false"
started=$SECONDS
summary=()
pieces=()

say() { printf 'engine toolchain: %s\n' "$*"; }

# record <name> <kind built|found|cached|stand-in|downloaded> <source> <seconds> <path>
record() {
  summary+=("$(printf '%-42s %-9s %4ss  %s' "$1" "$2" "$4" "$3")")
  pieces+=("$(printf '{"name":"%s","kind":"%s","source":"%s","seconds":%s,"path":"%s"}' "$1" "$2" "$3" "$4" "$5")")
}

# go_build <module dir> <output> <package> [go build flags...]: builds inside a pinned module of modules/.
go_build() {
  local dir="$1" out="$2" pkg="$3"
  shift 3
  (cd "$here/modules/$dir" && go build "$@" -o "$out" "$pkg")
}

# --- The Pulumi CLI and the Node.js language host -------------------------------------------------------------
ambient="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd: -)" command -v pulumi || true)"
if [ -n "$ambient" ] && [ -z "${MAILCOW_SSO_ENGINE_BUILD_CLI:-}" ]; then
  # A user's or a runner's CLI: it ships its own language host; build nothing of the engine.
  ln -sf "$ambient" "$bin/pulumi"
  record pulumi found "$ambient ($("$ambient" version))" 0 "$ambient"
  record pulumi-language-nodejs found "bundled with $ambient" 0 "$(dirname "$ambient")/pulumi-language-nodejs"
else
  if [ -x "$bin/pulumi" ]; then
    record pulumi cached "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" 0 "$bin/pulumi"
  else
    say "building the Pulumi CLI $PULUMI_VERSION (first time: several minutes on 2 cores)"
    t=$SECONDS
    go_build cli "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi -tags osusergo,grpcnotrace \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
    record pulumi built "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" $((SECONDS - t)) "$bin/pulumi"
  fi
  if [ -x "$bin/pulumi-language-nodejs" ]; then
    record pulumi-language-nodejs cached "pulumi-language-nodejs/v3@$LANGUAGE_NODEJS_MODULE_VERSION" 0 "$bin/pulumi-language-nodejs"
  else
    say "building pulumi-language-nodejs $LANGUAGE_NODEJS_MODULE_VERSION"
    t=$SECONDS
    go_build language-nodejs "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 \
      -tags osusergo,grpcnotrace -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGUAGE_NODEJS_SDK_VERSION"
    record pulumi-language-nodejs built \
      "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$LANGUAGE_NODEJS_MODULE_VERSION (pkg/sdk $LANGUAGE_NODEJS_SDK_VERSION)" \
      $((SECONDS - t)) "$bin/pulumi-language-nodejs"
  fi
fi

# The dynamic-provider plugin is the script shipped in @pulumi/pulumi; the engine looks for it beside the CLI.
nodejs_plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$nodejs_plugin" ] || { echo "install.sh: run npm ci first ($nodejs_plugin is missing)" >&2; exit 1; }
install -m 0755 "$nodejs_plugin" "$bin/pulumi-resource-pulumi-nodejs"
record pulumi-resource-pulumi-nodejs found "@pulumi/pulumi $(node -p "require('$root/node_modules/@pulumi/pulumi/package.json').version")" 0 "$bin/pulumi-resource-pulumi-nodejs"

pulumi_() { PULUMI_HOME="$home" PULUMI_SKIP_UPDATE_CHECK=true "$bin/pulumi" "$@"; }
has_plugin() { [ -d "$home/plugins/resource-$1-v$2" ] && ! [ -e "$home/plugins/resource-$1-v$2.partial" ]; }

# plugin_file <name> <version> <file> <kind> <source> <seconds>: installs a local binary as a resource plugin.
plugin_file() {
  pulumi_ plugin install resource "$1" "$2" --file "$3" >/dev/null
  record "resource plugin $1 $2" "$4" "$5" "$6" "$home/plugins/resource-$1-v$2"
}

# try_download <name> <version>: the engine's own download, only when online.
try_download() {
  $offline && return 1
  pulumi_ plugin install resource "$1" "$2" >/dev/null 2>&1 || return 1
  record "resource plugin $1 $2" downloaded "pulumi plugin install resource $1 $2" 0 "$home/plugins/resource-$1-v$2"
}

# --- Stand-in plugins written in TypeScript (random, command) ----------------------------------------------------
standins="$cache/standins"
standin_plugin() {
  local name="$1" version="$2" why="$3"
  if [ ! -f "$standins/serve.js" ]; then
    (cd "$root" && node_modules/.bin/tsc -p scripts/engine/standins --outDir "$standins")
  fi
  printf '#!/bin/sh\n# STAND-IN for pulumi-resource-%s %s (mailcow-sso scripts/engine/standins): %s\nexec node "%s/serve.js" %s "$@"\n' \
    "$name" "$version" "$why" "$standins" "$name" >"$cache/pulumi-resource-$name"
  chmod +x "$cache/pulumi-resource-$name"
  plugin_file "$name" "$version" "$cache/pulumi-resource-$name" stand-in "scripts/engine/standins ($why)" 0
}

if has_plugin random "$RANDOM_PLUGIN_VERSION"; then
  record "resource plugin random $RANDOM_PLUGIN_VERSION" cached "$home/plugins" 0 "$home/plugins/resource-random-v$RANDOM_PLUGIN_VERSION"
elif ! try_download random "$RANDOM_PLUGIN_VERSION"; then
  standin_plugin random "$RANDOM_PLUGIN_VERSION" "github.com/pulumi/pulumi-random/provider/v4 is not on the Go proxy"
fi

if has_plugin command "$COMMAND_PLUGIN_VERSION"; then
  record "resource plugin command $COMMAND_PLUGIN_VERSION" cached "$home/plugins" 0 "$home/plugins/resource-command-v$COMMAND_PLUGIN_VERSION"
elif ! try_download command "$COMMAND_PLUGIN_VERSION"; then
  command_module="github.com/pulumi/pulumi-command/provider@$COMMAND_PROVIDER_MODULE_VERSION"
  if (cd "$here/modules/cli" && GOFLAGS=-mod=mod go mod download "$command_module" >/dev/null 2>&1); then
    echo "install.sh: $command_module is now served; add a modules/command build for it" >&2
  fi
  standin_plugin command "$COMMAND_PLUGIN_VERSION" "$command_module is not on the Go proxy"
fi

# --- The bridged Terraform plugin and authentik's Terraform provider ---------------------------------------------
tfp="terraform-provider"
if has_plugin "$tfp" "$TERRAFORM_PROVIDER_PLUGIN_VERSION"; then
  record "resource plugin $tfp $TERRAFORM_PROVIDER_PLUGIN_VERSION" cached "$home/plugins" 0 "$home/plugins/resource-$tfp-v$TERRAFORM_PROVIDER_PLUGIN_VERSION"
elif ! try_download "$tfp" "$TERRAFORM_PROVIDER_PLUGIN_VERSION"; then
  say "building pulumi-resource-terraform-provider $TERRAFORM_PROVIDER_PLUGIN_VERSION from the bridge $TERRAFORM_BRIDGE_VERSION"
  t=$SECONDS
  go_build terraform-provider "$cache/pulumi-resource-$tfp" github.com/pulumi/pulumi-terraform-bridge/v3/dynamic \
    -ldflags "-X google.golang.org/protobuf/reflect/protoregistry.conflictPolicy=ignore -X github.com/pulumi/pulumi-terraform-bridge/v3/dynamic/version.version=$TERRAFORM_PROVIDER_PLUGIN_VERSION"
  plugin_file "$tfp" "$TERRAFORM_PROVIDER_PLUGIN_VERSION" "$cache/pulumi-resource-$tfp" built \
    "github.com/pulumi/pulumi-terraform-bridge/v3/dynamic@$TERRAFORM_BRIDGE_VERSION" $((SECONDS - t))
fi

tf_dir="$home/dynamic_tf_plugins/$AUTHENTIK_TF_ADDRESS/$AUTHENTIK_TF_VERSION/linux_amd64"
tf_bin="$tf_dir/terraform-provider-authentik_v$AUTHENTIK_TF_VERSION"
if [ -x "$tf_bin" ]; then
  record "terraform-provider-authentik $AUTHENTIK_TF_VERSION" cached "$(cat "$tf_dir/SOURCE" 2>/dev/null || echo "$tf_dir")" 0 "$tf_bin"
elif ! $offline; then
  record "terraform-provider-authentik $AUTHENTIK_TF_VERSION" downloaded "the bridge fetches it from $AUTHENTIK_TF_ADDRESS on first use" 0 "$tf_dir"
else
  mkdir -p "$tf_dir"
  real="goauthentik.io/terraform-provider-authentik@v$AUTHENTIK_TF_VERSION"
  t=$SECONDS
  if (cd "$here/modules/cli" && GOFLAGS=-mod=mod go mod download "$real" >/dev/null 2>&1); then
    GOFLAGS=-buildvcs=false GOBIN="$tf_dir" go install -ldflags "-s -w -X main.version=$AUTHENTIK_TF_VERSION" "$real"
    mv "$tf_dir/terraform-provider-authentik" "$tf_bin"
    echo "$real" >"$tf_dir/SOURCE"
    record "terraform-provider-authentik $AUTHENTIK_TF_VERSION" built "$real" $((SECONDS - t)) "$tf_bin"
  else
    say "$real is not on the Go proxy: building the stand-in"
    (cd "$here/standins/terraform-provider-authentik" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tf_bin" .)
    echo "STAND-IN scripts/engine/standins/terraform-provider-authentik ($real is not on the Go proxy)" >"$tf_dir/SOURCE"
    record "terraform-provider-authentik $AUTHENTIK_TF_VERSION" stand-in \
      "scripts/engine/standins/terraform-provider-authentik ($real is not on the Go proxy)" $((SECONDS - t)) "$tf_bin"
  fi
fi

# --- Manifest and environment ---------------------------------------------------------------------------------
{
  printf '{"cache":"%s","bin":"%s","pulumiHome":"%s","offline":%s,"pieces":[' "$cache" "$bin" "$home" "$offline"
  (IFS=,; printf '%s' "${pieces[*]}")
  printf ']}\n'
} >"$manifest"
{
  echo "export PATH=\"$bin:$root/node_modules/.bin:\$PATH\""
  echo "export PULUMI_HOME=\"$home\""
  echo "export PULUMI_SKIP_UPDATE_CHECK=true"
  $offline && echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
  echo "export MAILCOW_SSO_ENGINE_TOOLCHAIN=\"$manifest\""
} >"$envfile"

say "ready in $((SECONDS - started))s at $cache"
printf '  %s\n' "${summary[@]}"
say "use it with: eval \"\$(scripts/engine/install.sh --print-env)\""
