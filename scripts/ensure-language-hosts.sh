#!/usr/bin/env bash
# Puts the YAML and Python language hosts beside the Pulumi CLI in <bin directory> (ensure-engine.sh passes its
# own), so the plain CLI runs `runtime: yaml` and `runtime: python` projects, the provider plugin's programs
# (docs/plugin.md). Each is built once from the Go module proxy and recorded in <bin>/language-host-<name>.txt;
# a changed pin (lib.sh) builds it anew. The Python host is the one inside sdk/v3@LEGACY_LANGUAGE_HOST_VERSION,
# like the Node.js host, with the pulumi-language-python-exec script it starts (shipped in the same module).
# See docs/engine.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin="$1"
build_flags=(-trimpath -tags osusergo,grpcnotrace)
yaml_module="github.com/pulumi/pulumi-yaml@v$YAML_LANGUAGE_HOST_VERSION"
python_module="github.com/pulumi/pulumi/sdk/v3@v$LEGACY_LANGUAGE_HOST_VERSION"

# A host without our record beside it came with the CLI (an official installation): it is used as it is.
ready() {
  [ -x "$bin/pulumi-language-$1" ] \
    && { [ ! -f "$bin/language-host-$1.txt" ] || [ "$(cat "$bin/language-host-$1.txt")" = "$2" ]; }
}

# build <output> <module@version> <package> <version variable>: a throw-away wrapper module requiring the module
# (`go install` refuses modules with replace directives), built as Pulumi's releases are.
build() {
  local work="$bin/../build-language-host-$(basename "$1")"
  rm -rf "$work" && mkdir -p "$work" && cd "$work" \
    && printf 'module csm.local/language-host-build\n\ngo 1.26\n' > go.mod \
    && go get "${3}@${2#*@}" 2>"$work/build.log" \
    && CGO_ENABLED=0 go build "${build_flags[@]}" -ldflags "-s -w -X $4=${2#*@}" -o "$1.new" "$3" 2>>"$work/build.log" \
    && mv "$1.new" "$1" \
    || { cat "$work/build.log" >&2; return 1; }
}

main() {
  if ready yaml "$yaml_module" && ready python "$python_module"; then return 0; fi
  command -v go >/dev/null || { log "no Go toolchain: cannot build the YAML and Python language hosts"; return 1; }
  exec 9>"$bin/.language-hosts.lock"
  flock 9
  local started=$SECONDS
  if ! ready yaml "$yaml_module"; then
    log "building the YAML language host $yaml_module (cold: several minutes)"
    build "$bin/pulumi-language-yaml" "$yaml_module" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
      github.com/pulumi/pulumi-yaml/pkg/version.Version || { log "could not build the YAML language host"; return 1; }
    echo "$yaml_module" > "$bin/language-host-yaml.txt"
  fi
  if ! ready python "$python_module"; then
    log "building the Python language host inside $python_module"
    build "$bin/pulumi-language-python" "$python_module" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
      github.com/pulumi/pulumi/sdk/v3/go/common/version.Version || { log "could not build the Python language host"; return 1; }
    # The host runs programs through this script, which the module ships beside the host's source.
    install -m 0755 "$(go mod download -json "$python_module" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')/python/cmd/pulumi-language-python-exec" "$bin/"
    echo "$python_module" > "$bin/language-host-python.txt"
  fi
  log "YAML and Python language hosts ready in $((SECONDS - started))s"
}

main
