#!/usr/bin/env bash
# Runs every project's tests (unit specs and the suites against the real stack) one project at a
# time, then prints the workspace's totals. Expects the stack to be up (npm test brings it up).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JISHI_TEST_RESULTS=$PWD/.jishi/test-results
rm -rf "$JISHI_TEST_RESULTS"
npx nx run-many -t test --parallel=1 --outputStyle=stream
rc=$?
node test/report/print-summary.mjs || rc=1
exit $rc
