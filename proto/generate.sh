#!/usr/bin/env bash
# Regenerates libs/contracts/src/gen from proto/ (buf and protoc-gen-es from node_modules).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
buf generate --template proto/buf.gen.yaml "$@"
