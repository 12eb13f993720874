#!/usr/bin/env bash
# Provides a Pulumi CLI whose version equals @pulumi/pulumi in package.json, with the Node.js language host
# (pulumi-language-nodejs) beside it so the plain CLI runs Pulumi.yaml projects, and prints their bin directory.
# Order: a matching `pulumi` and a language host already on PATH; the tool cache's pulumi-v<version> entry
# (scripts/tool-cache.sh); otherwise a build from the Go module proxy into a new entry (no Pulumi release can
# be downloaded on these machines). See docs/engine.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

want="v$PULUMI_VERSION"
provider_host_script="$PROJECT_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
build_flags=(-trimpath -tags osusergo,grpcnotrace)

version_of() { "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

# The cache entry's check: the three programs are there, the CLI runs and is the pinned version, and the
# language host's record (written last by the build) says which host was built.
engine_entry_check() {
  local file version
  for file in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
    [ -x "$1/bin/$file" ] || { echo "bin/$file is missing"; return 1; }
  done
  [ -s "$1/bin/language-host.txt" ] || { echo "bin/language-host.txt is missing"; return 1; }
  version="$(version_of "$1/bin/pulumi")"
  [ "$version" = "$want" ] || { echo "bin/pulumi reports '$version', not $want"; return 1; }
}

# `go mod download -json` exits non-zero with the reason in its JSON (e.g. the proxy refuses a version).
download_json() {
  local out
  if ! out="$(go mod download -json "$1")"; then
    log "cannot download $1: $(printf '%s' "$out" | sed -n 's/.*"Error": "\(.*\)".*/\1/p')"
    return 1
  fi
  printf '%s' "$out"
}

# Copies a module's third-party replace directives into the wrapper module in the current directory:
# `go install` refuses modules with replaces, and a dependency's replaces are ignored, so a throw-away wrapper
# re-declares them, as distro packagers do.
copy_replaces() {
  go mod edit -json "$1" \
    | node -e 'const m=JSON.parse(require("fs").readFileSync(0,"utf8"));
        for (const r of m.Replace||[]) if (r.New.Version) console.log(`${r.Old.Path}=${r.New.Path}@${r.New.Version}`);' \
    | while read -r replace; do go mod edit -replace "$replace"; done
}

build_cli() {
  log "building Pulumi CLI $want from the Go module proxy into $ENGINE_DIR (cold: several minutes)"
  local work="$ENGINE_DIR/build"
  mkdir -p "$work" "$bin"
  cd "$work"
  printf 'module csm.local/pulumi-engine-build\n\ngo 1.26\n' > go.mod
  local pkg_json
  pkg_json="$(download_json "github.com/pulumi/pulumi/pkg/v3@$want")" || {
    log "the CLI version follows @pulumi/pulumi in package.json; pick a version whose pkg/v3 module the proxy serves"
    return 1
  }
  copy_replaces "$(printf '%s' "$pkg_json" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  go get "github.com/pulumi/pulumi/pkg/v3@$want" "github.com/pulumi/pulumi/sdk/v3@$want" >&2
  go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$want" >&2
  CGO_ENABLED=0 go build "${build_flags[@]}" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want" \
    -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  printf '%s' "$pkg_json" | sed -n 's/.*"Hash": "\(.*\)".*/\1/p' > "$work/release-commit.txt" || true
}

# The Node.js language host. Since v3.70 it is its own untagged module, asked for at the release commit; the
# module proxy these machines use refuses it (403). Up to v3.68.0 it lived inside the sdk/v3 module, which the
# proxy serves, so that host is built when the matching one cannot be had. The host only starts node; the
# program's own @pulumi/pulumi does the real work (docs/engine.md: the version skew).
build_language_host() {
  local commit langhost="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
  commit="$(cat "$ENGINE_DIR/build/release-commit.txt" 2>/dev/null || true)"
  mkdir -p "$bin"
  if [ -n "$commit" ] && (cd "$ENGINE_DIR/build" && go get "$langhost@$commit" && CGO_ENABLED=0 go build "${build_flags[@]}" \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want" \
        -o "$bin/pulumi-language-nodejs" "$langhost") >"$ENGINE_DIR/langhost.log" 2>&1; then
    echo "$langhost@$commit" > "$bin/language-host.txt"
    return 0
  fi
  local fallback="v$LEGACY_LANGUAGE_HOST_VERSION" work="$ENGINE_DIR/build-language-host"
  log "language host $langhost${commit:+@$commit} is not served; building the one inside sdk/v3@$fallback"
  mkdir -p "$work"
  # Chained with &&: `set -e` does not apply inside a command whose failure is handled with ||.
  local sdk_json
  cd "$work" \
    && printf 'module csm.local/pulumi-language-host-build\n\ngo 1.26\n' > go.mod \
    && sdk_json="$(download_json "github.com/pulumi/pulumi/sdk/v3@$fallback")" \
    && copy_replaces "$(printf '%s' "$sdk_json" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')" \
    && go get "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$fallback" >&2 \
    && CGO_ENABLED=0 go build "${build_flags[@]}" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$fallback" \
      -o "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2 \
  || {
    log "could not build a Node.js language host (tried $langhost${commit:+@$commit} and sdk/v3@$fallback): the plain CLI cannot run Pulumi.yaml projects"
    return 1
  }
  echo "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$fallback" > "$bin/language-host.txt"
}

cache_check_mode engine_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry): --build <staging directory>.
if [ "${1:-}" = --build ]; then
  command -v go >/dev/null || { log "no Go toolchain: cannot build the Pulumi CLI $want and its Node.js language host"; exit 1; }
  # The CLI looks for the dynamic-provider host as a plugin binary; @pulumi/pulumi ships it as a script.
  [ -f "$provider_host_script" ] || { log "no $provider_host_script: run scripts/ensure-node.sh (npm ci) first"; exit 1; }
  ENGINE_DIR="$2"
  bin="$ENGINE_DIR/bin"
  started=$SECONDS
  build_cli
  build_language_host
  install -m 0755 "$provider_host_script" "$bin/pulumi-resource-pulumi-nodejs"
  log "Pulumi CLI $("$bin/pulumi" version) with the language host $(cat "$bin/language-host.txt"), built in $((SECONDS - started))s"
  exit 0
fi

if command -v pulumi >/dev/null && [ "$(version_of pulumi)" = "$want" ] && command -v pulumi-language-nodejs >/dev/null; then
  dir="$(dirname "$(command -v pulumi)")"
  if [ -f "$provider_host_script" ] && [ ! -e "$dir/pulumi-resource-pulumi-nodejs" ] && [ -w "$dir" ]; then
    install -m 0755 "$provider_host_script" "$dir/pulumi-resource-pulumi-nodejs"
  fi
  echo "$dir"
  exit 0
fi
ensure_cache_entry "$ENGINE_DIR" engine_entry_check bash "$PROJECT_ROOT/scripts/ensure-engine.sh" --build
echo "$ENGINE_DIR/bin"
