#!/usr/bin/env bash
# `npm run sdk`: regenerates the provider plugin's Python SDK (sdk/python/, committed and shipped in the npm
# package) from its package schema with Pulumi's own generator, the pkg/v3 module of the pinned CLI version
# (scripts/python-sdk/main.go, built once into the tool cache's python-sdk-generator-<version>; rebuilt when
# main.go changes). With a directory argument, writes there instead (the
# test that proves sdk/python/ is current). docs/plugin.md says why the SDK is committed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain

out="$(realpath -m "${1:-$PROJECT_ROOT/sdk/python}")"
work="$TOOLS_DIR/python-sdk-generator-v$PULUMI_VERSION"
generator="$work/python-sdk"

mkdir -p "$work"
exec 9>"$work/.lock"
flock 9
if [ ! -x "$generator" ] || ! cmp -s "$PROJECT_ROOT/scripts/python-sdk/main.go" "$work/main.go"; then
  command -v go >/dev/null || { log "no Go toolchain: cannot build the Python SDK generator"; exit 1; }
  log "building the Python SDK generator against github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION"
  cp "$PROJECT_ROOT/scripts/python-sdk/main.go" "$work/main.go"
  (cd "$work" && printf 'module csm.local/python-sdk\n\ngo 1.26\n' > go.mod \
    && go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" 2>"$work/build.log" && go mod tidy 2>>"$work/build.log" \
    && CGO_ENABLED=0 go build -trimpath -o "$generator" . 2>>"$work/build.log") \
    || { cat "$work/build.log" >&2; rm -f "$generator"; exit 1; }
fi

cd "$PROJECT_ROOT"
[ -f dist/provider/plugin/main.js ] || npm run --silent build
schema="$work/schema-$$.json"
node -e 'process.stdout.write(JSON.stringify(require("./dist/provider/plugin/main.js").pluginSchema(), null, 2))' > "$schema"
rm -rf "$out"
"$generator" "$schema" "$out"
rm -f "$schema"
log "wrote $out"
