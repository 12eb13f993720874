#!/usr/bin/env bash
# Provides the YAML and Python language hosts, so the plain CLI runs `runtime: yaml` and `runtime: python`
# projects, the provider plugin's programs (docs/plugin.md), and prints their bin directory; the CLI finds a
# language host on PATH. They are a tool cache entry of their own (scripts/tool-cache.sh), keyed by both pins,
# built once from the Go module proxy: the YAML host from github.com/pulumi/pulumi-yaml, the Python host from
# inside sdk/v3@LEGACY_LANGUAGE_HOST_VERSION like the Node.js host, with the pulumi-language-python-exec script
# it starts (shipped in the same module). Hosts already on PATH are used as they are. See docs/engine.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_flags=(-trimpath -tags osusergo,grpcnotrace)
yaml_module="github.com/pulumi/pulumi-yaml@v$YAML_LANGUAGE_HOST_VERSION"
python_module="github.com/pulumi/pulumi/sdk/v3@v$LEGACY_LANGUAGE_HOST_VERSION"

# The cache entry's check: both hosts and the Python host's exec script are there, and the YAML host runs.
language_hosts_entry_check() {
  local file
  for file in pulumi-language-yaml pulumi-language-python pulumi-language-python-exec; do
    [ -x "$1/bin/$file" ] || { echo "bin/$file is missing"; return 1; }
  done
  "$1/bin/pulumi-language-yaml" --help >/dev/null 2>&1 || { echo "bin/pulumi-language-yaml does not run"; return 1; }
}

# build <output> <module@version> <package> <version variable>: a throw-away wrapper module requiring the module
# (`go install` refuses modules with replace directives), built as Pulumi's releases are.
build() {
  local work
  work="$(mktemp -d)"
  (cd "$work" \
    && printf 'module csm.local/language-host-build\n\ngo 1.26\n' > go.mod \
    && go get "${3}@${2#*@}" \
    && CGO_ENABLED=0 go build "${build_flags[@]}" -ldflags "-s -w -X $4=${2#*@}" -o "$1" "$3") >"$work.log" 2>&1 \
    || { cat "$work.log" >&2; rm -rf "$work" "$work.log"; return 1; }
  rm -rf "$work" "$work.log"
}

cache_check_mode language_hosts_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry): --build <staging directory>.
if [ "${1:-}" = --build ]; then
  command -v go >/dev/null || { log "no Go toolchain: cannot build the YAML and Python language hosts"; exit 1; }
  bin="$2/bin"
  mkdir -p "$bin"
  started=$SECONDS
  log "building the YAML language host $yaml_module and the Python host inside $python_module (cold: several minutes)"
  build "$bin/pulumi-language-yaml" "$yaml_module" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
    github.com/pulumi/pulumi-yaml/pkg/version.Version || { log "could not build the YAML language host"; exit 1; }
  build "$bin/pulumi-language-python" "$python_module" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
    github.com/pulumi/pulumi/sdk/v3/go/common/version.Version || { log "could not build the Python language host"; exit 1; }
  install -m 0755 "$(go mod download -json "$python_module" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')/python/cmd/pulumi-language-python-exec" "$bin/"
  log "YAML and Python language hosts built in $((SECONDS - started))s"
  exit 0
fi

if command -v pulumi-language-yaml >/dev/null && command -v pulumi-language-python >/dev/null; then
  dirname "$(command -v pulumi-language-yaml)"
  exit 0
fi
ensure_cache_entry "$LANGUAGE_HOSTS_DIR" language_hosts_entry_check bash "$PROJECT_ROOT/scripts/ensure-language-hosts.sh" --build
echo "$LANGUAGE_HOSTS_DIR/bin"
