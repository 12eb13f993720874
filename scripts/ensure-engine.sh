#!/usr/bin/env bash
# Provides a Pulumi CLI whose version equals @pulumi/pulumi in package.json, and prints its bin directory.
# With it, the Node.js language host (pulumi-language-nodejs), so the plain CLI runs Pulumi.yaml projects.
# Order: a matching `pulumi` (and a language host) already on PATH; the version-keyed cache in .tools/; otherwise a build from
# the Go module proxy (no Pulumi release can be downloaded on these machines). See docs/engine.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

want="v$PULUMI_VERSION"
bin="$ENGINE_DIR/bin"
provider_host_script="$PROJECT_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

version_of() { "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

finish() {
  # The CLI looks for the dynamic-provider host as a plugin binary; @pulumi/pulumi ships it as a script.
  if [ -f "$provider_host_script" ] && [ ! -e "$1/pulumi-resource-pulumi-nodejs" ] && [ -w "$1" ]; then
    install -m 0755 "$provider_host_script" "$1/pulumi-resource-pulumi-nodejs"
  fi
  echo "$1"
  exit 0
}

if command -v pulumi >/dev/null && [ "$(version_of pulumi)" = "$want" ] && command -v pulumi-language-nodejs >/dev/null; then
  finish "$(dirname "$(command -v pulumi)")"
fi
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ "$(version_of "$bin/pulumi")" = "$want" ]; then
  finish "$bin"
fi

command -v go >/dev/null || { log "no Go toolchain: cannot build the Pulumi CLI $want"; exit 1; }
started=$SECONDS
log "building Pulumi CLI $want from the Go module proxy into $ENGINE_DIR (cold: several minutes)"
work="$ENGINE_DIR/build"
mkdir -p "$work" "$bin"
cd "$work"

# A throw-away wrapper module: `go install` refuses modules with replace directives, but a dependency's
# replaces are ignored, so we re-declare pkg/v3's third-party replaces here as distro packagers do.
cat > go.mod <<GOMOD
module csm.local/pulumi-engine-build

go 1.26
GOMOD
# `go mod download -json` exits non-zero with the reason in its JSON (e.g. the proxy refuses a version).
download_json() {
  local out
  if ! out="$(go mod download -json "$1")"; then
    log "cannot download $1: $(printf '%s' "$out" | sed -n 's/.*"Error": "\(.*\)".*/\1/p')"
    log "the CLI version follows @pulumi/pulumi in package.json; pick a version whose pkg/v3 module the proxy serves"
    return 1
  fi
  printf '%s' "$out"
}
pkg_json="$(download_json "github.com/pulumi/pulumi/pkg/v3@$want")"
pkg_mod="$(printf '%s' "$pkg_json" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
go mod edit -json "$pkg_mod" \
  | node -e 'const m=JSON.parse(require("fs").readFileSync(0,"utf8"));
      for (const r of m.Replace||[]) if (r.New.Version) console.log(`${r.Old.Path}=${r.New.Path}@${r.New.Version}`);' \
  | while read -r replace; do go mod edit -replace "$replace"; done
go get "github.com/pulumi/pulumi/pkg/v3@$want" "github.com/pulumi/pulumi/sdk/v3@$want" >&2
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$want" >&2

flags=(-trimpath -tags osusergo,grpcnotrace
       -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want")
CGO_ENABLED=0 go build "${flags[@]}" -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2

# The Node.js language host. Since v3.70 it is its own untagged module, asked for at the release commit;
# the module proxy these machines use refuses it (403). Up to v3.68.0 it lived inside the sdk/v3 module,
# which the proxy serves, so that host is built instead when the matching one cannot be had. The host only
# starts node; the program's own @pulumi/pulumi does the real work (docs/engine.md: the version skew).
commit="$(printf '%s' "$pkg_json" | sed -n 's/.*"Hash": "\(.*\)".*/\1/p')"
langhost="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
if [ -n "$commit" ] && go get "$langhost@$commit" >"$work/langhost.log" 2>&1 \
   && CGO_ENABLED=0 go build "${flags[@]}" -o "$bin/pulumi-language-nodejs" "$langhost" >>"$work/langhost.log" 2>&1; then
  echo "$langhost@$commit" > "$bin/language-host.txt"
else
  fallback="v$LEGACY_LANGUAGE_HOST_VERSION"
  log "language host $langhost@${commit:-?} is not served; building the one inside sdk/v3@$fallback"
  host_work="$ENGINE_DIR/build-language-host"
  mkdir -p "$host_work"
  (
    cd "$host_work"
    printf 'module csm.local/pulumi-language-host-build\n\ngo 1.26\n' > go.mod
    sdk_json="$(download_json "github.com/pulumi/pulumi/sdk/v3@$fallback")"
    sdk_mod="$(printf '%s' "$sdk_json" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
    go mod edit -json "$sdk_mod" \
      | node -e 'const m=JSON.parse(require("fs").readFileSync(0,"utf8"));
          for (const r of m.Replace||[]) if (r.New.Version) console.log(`${r.Old.Path}=${r.New.Path}@${r.New.Version}`);' \
      | while read -r replace; do go mod edit -replace "$replace"; done
    go get "github.com/pulumi/pulumi/sdk/v3@$fallback" >&2
    go get "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$fallback" >&2
    go mod tidy >&2 2>/dev/null || true
    CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$fallback" \
      -o "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2
  ) || { log "could not build a Node.js language host (tried $langhost@${commit:-?} and sdk/v3@$fallback); the CLI cannot run Pulumi.yaml projects"; exit 1; }
  echo "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$fallback" > "$bin/language-host.txt"
fi

log "built $("$bin/pulumi" version) and the language host $(cat "$bin/language-host.txt") in $((SECONDS - started))s"
finish "$bin"
