#!/usr/bin/env bash
# The audit step of action.yml: turns the action's inputs (SLIMREQ_INPUT_* variables) into one
# `slimreq audit` command run with the runner's Node.js. Kept in a file so tests can run it as is.
set -euo pipefail

action_path="${SLIMREQ_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
format="${SLIMREQ_INPUT_FORMAT:-github}"
case "$format" in
  github | sarif) ;;
  *) echo "slimreq action: format must be github or sarif, not '$format'" >&2; exit 2 ;;
esac

args=(audit "${SLIMREQ_INPUT_PATH:-.}" --format "$format" --no-progress)
if [ -n "${SLIMREQ_INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$SLIMREQ_INPUT_FAIL_ON"); fi
if [ -n "${SLIMREQ_INPUT_CONFIG:-}" ]; then args+=(--config "$SLIMREQ_INPUT_CONFIG"); fi
if [ "$format" = sarif ]; then
  sarif_file="${SLIMREQ_INPUT_SARIF_FILE:-slimreq.sarif}"
  mkdir -p "$(dirname "$sarif_file")"
  args+=(--output "$sarif_file")
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "sarif-file=$sarif_file" >> "$GITHUB_OUTPUT"; fi
fi

exec node "$action_path/bin/slimreq.js" "${args[@]}"
