#!/usr/bin/env bash
# Validates the Kubernetes manifests offline, for CI and before `kubectl apply`:
#
#   deploy/kubernetes/validate.sh [DIR]        (DIR: default this directory)
#
# - every *.yaml here except kustomization.yaml against the Kubernetes JSON
#   schemas bundled in the PyPI package kubernetes-validate, in --strict mode
#   (unknown fields are errors), for each version in $KUBERNETES_VERSIONS
#   (default "1.29.0 1.30.0"); a kind or apiVersion with no schema is an error
#   too (the tool itself only warns);
# - that kustomization.yaml lists exactly those files;
# - DIR/../../compose.yaml, if present, against the Compose specification.
#
# Needs python3 with venv; installs the pinned requirements.txt from PyPI into
# a virtualenv in $VALIDATE_VENV (default ~/.cache/comment-moderator/validate-venv),
# reused while requirements.txt is unchanged. No cluster, no GitHub download.
# Exits non-zero on any invalid file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(cd "${1:-$here}" && pwd)
versions=${KUBERNETES_VERSIONS:-"1.29.0 1.30.0"}
venv=${VALIDATE_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/comment-moderator/validate-venv}
req="$here/requirements.txt"

# --- the virtualenv ---------------------------------------------------------
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/kubernetes-validate" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "validate: installing $(basename "$req") into $venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-virtualenv -r "$req" >&2
  echo "$want" > "$venv/.requirements.sha256"
fi

# --- the manifests ----------------------------------------------------------
manifests=()
while IFS= read -r f; do manifests+=("$f"); done < <(
  find "$dir" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) ! -name 'kustomization.yaml' ! -name 'kustomization.yml' | sort)
if [ ${#manifests[@]} -eq 0 ]; then
  echo "validate: no manifests in $dir" >&2
  exit 1
fi

status=0
kargs=(--strict)
for v in $versions; do kargs+=(-k "$v"); done

echo "validate: kubernetes-validate $("$venv/bin/kubernetes-validate" --version) --strict, Kubernetes ${versions// /, }"
for f in "${manifests[@]##*/}"; do
  # One run per file: a YAML syntax error stops kubernetes-validate at once.
  rc=0
  out=$(cd "$dir" && "$venv/bin/kubernetes-validate" "${kargs[@]}" "$f" 2>&1) || rc=$?
  [ -z "$out" ] || printf '%s\n' "$out"
  if [ $rc -ne 0 ] && ! grep -qE '^(ERROR|FATAL)' <<<"$out"; then
    echo "ERROR $f: kubernetes-validate exited with $rc"
  fi
  # kubernetes-validate only warns (exit 0) when it has no schema for a kind
  # or apiVersion (a typo such as apps/v2): a failure here.
  if [ $rc -ne 0 ] || grep -qE '^(WARN|ERROR|FATAL)' <<<"$out"; then
    status=1
  elif ! grep -q "^INFO $f passed" <<<"$out"; then
    # An empty file (or one of comments only) validates silently.
    echo "ERROR $f: holds no Kubernetes resource"
    status=1
  fi
done

# --- kustomization.yaml lists exactly the manifests -------------------------
if [ -f "$dir/kustomization.yaml" ]; then
  "$venv/bin/python" - "$dir" "${manifests[@]##*/}" <<'PY' || status=1
import os, sys, yaml
d, files = sys.argv[1], set(sys.argv[2:])
with open(os.path.join(d, "kustomization.yaml")) as f:
    k = yaml.safe_load(f) or {}
listed = set(k.get("resources") or [])
ok = True
for r in sorted(listed - files):
    print(f"ERROR kustomization.yaml lists {r}, which is not a manifest here"); ok = False
for r in sorted(files - listed):
    print(f"ERROR kustomization.yaml does not list {r}"); ok = False
if ok:
    print(f"INFO kustomization.yaml lists all {len(files)} manifests")
sys.exit(0 if ok else 1)
PY
fi

# --- compose.yaml -----------------------------------------------------------
compose="$dir/../../compose.yaml"
if [ -f "$compose" ]; then
  echo "validate: compose.yaml against the Compose specification"
  "$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$compose" || status=1
fi

if [ $status -eq 0 ]; then
  echo "validate: OK (${#manifests[@]} manifests)"
else
  echo "validate: FAILED" >&2
fi
exit $status
