#!/usr/bin/env bash
# Checks proto/: buf lint (STANDARD), buf format, breaking changes (FILE) against the previous
# commit, and that the committed generated code is what the schemas generate today.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

buf lint proto
buf format --diff --exit-code proto

# Breaking changes against the commit before this one (BUF_BREAKING_AGAINST overrides it).
against=${BUF_BREAKING_AGAINST:-}
if [[ -z $against ]] && git rev-parse -q --verify HEAD~1 >/dev/null && git cat-file -e HEAD~1:proto/buf.yaml 2>/dev/null; then
  against=".git#ref=HEAD~1,subdir=proto"
fi
if [[ -n $against ]]; then
  buf breaking proto --against "$against"
else
  echo "proto: no earlier schemas to compare with; breaking check skipped for this first version"
fi

# The committed generated code must be current.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
buf generate --template proto/buf.gen.yaml -o "$tmp"
if ! diff -ru libs/contracts/src/gen "$tmp/libs/contracts/src/gen"; then
  echo "proto: libs/contracts/src/gen is out of date; run 'npm run proto:generate' and commit the result" >&2
  exit 1
fi
echo "proto: lint, format, breaking and generated code all good"
