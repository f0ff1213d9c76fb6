#!/usr/bin/env bash
# The project's two commands (see README.md):
#
#   bash tools/dev.sh serve   set everything up, then serve the site on http://127.0.0.1:8000
#   bash tools/dev.sh test    set everything up (test tools too), then run every test
#
# Set-up is idempotent and quick when nothing changed: each step leaves a stamp
# (in .venv/.dev-stamps/) holding the hash of the files it installed from, and
# runs again only when they change.
#   .venv/                Python virtual environment (python3 -m venv)
#   requirements.txt      site + package runtime (pip, exact pins)
#   code/                 the ownframework package, installed editable
#   package-lock.json     KaTeX, Noto fonts, axe-core, Pyodide, CodeMirror, esbuild (npm ci)
#   requirements-pyodide.txt  Pyodide's numpy/matplotlib wheels for the browser, into
#                         .cache/pyodide/ (tools/sitebuild/pyodide_assets.py)
#   requirements-test.txt test tools (pytest, playwright, torch, ...)
#   Debian packages       chromium, hunspell, and each language's dictionary and fonts
#                         (translations/languages.yml; test only, installed with
#                         apt-get when missing and running as root)
#
# Environment: DEV_ADDR (default 127.0.0.1:8000) for serve; OWNFRAMEWORK_MNIST_DIR
# points the notebooks at local MNIST files (no download); extra arguments of
# `test` go to pytest, e.g. `bash tools/dev.sh test tests/test_links.py -x`.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
STAMPS=$VENV/.dev-stamps
PYTHON=${PYTHON:-python3}
export NO_MKDOCS_2_WARNING=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# hash of the given files (and directories' files), for stamps
fingerprint() {
  find "$@" -type f -not -path '*/__pycache__/*' 2>/dev/null | LC_ALL=C sort |
    xargs sha256sum | sha256sum | cut -c1-64
}

# run "$2..." unless stamp "$1" holds the current fingerprint of files "$3"
# usage: step NAME "FILES..." COMMAND...
step() {
  local name=$1 files=$2
  shift 2
  local want
  # shellcheck disable=SC2086
  want=$(fingerprint $files)
  if [[ -f $STAMPS/$name && $(cat "$STAMPS/$name") == "$want" ]]; then
    return 0
  fi
  say "$name"
  "$@"
  mkdir -p "$STAMPS"
  echo "$want" >"$STAMPS/$name"
}

setup_site() {
  if [[ ! -x $VENV/bin/python ]]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  step python-requirements "requirements.txt" \
    "$VENV/bin/python" -m pip install --quiet -r requirements.txt
  # --no-build-isolation: the build backend (hatchling) is pinned in requirements.txt
  step package "code/pyproject.toml" \
    "$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e code
  if ! command -v npm >/dev/null; then
    echo "tools/dev.sh: npm (Node.js 20 or newer) is needed for KaTeX and the fonts" >&2
    exit 1
  fi
  step npm-packages "package.json package-lock.json" \
    npm ci --no-audit --no-fund --loglevel=error
  # Python for the browser: Pyodide's numpy/matplotlib wheels, checked against the
  # official lock of node_modules/pyodide (quick when .cache/pyodide/ has them).
  "$VENV/bin/python" -m tools.sitebuild.pyodide_assets fetch
}

# Chromium for the browser tests, hunspell for the spelling check, and what each
# language of translations/languages.yml lists (its dictionary, fonts for plots).
debian_test_packages() {
  echo chromium hunspell
  "$VENV/bin/python" -c 'from tools.sitebuild import languages
print(*sorted({p for lang in languages.all_languages() for p in lang.debian}))'
}

setup_debian() {
  local missing=() packages
  read -r -a packages <<<"$(debian_test_packages | tr '\n' ' ')"
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "tools/dev.sh: missing Debian packages: ${missing[*]} (install them as root)" >&2
  fi
}

setup_test() {
  setup_site
  step test-requirements "requirements.txt requirements-test.txt" \
    "$VENV/bin/python" -m pip install --quiet -r requirements-test.txt
  setup_debian
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case $command in
  serve)
    setup_site
    say "serving on http://${DEV_ADDR:-127.0.0.1:8000}/ (Ctrl+C stops)"
    exec "$VENV/bin/python" -m mkdocs serve -a "${DEV_ADDR:-127.0.0.1:8000}" "$@"
    ;;
  test)
    setup_test
    say "pytest code/tests tests $*"
    exec nice -n 5 "$VENV/bin/python" -m pytest code/tests tests "$@"
    ;;
  build)  # not one of the README's two commands: a strict build into site/
    setup_site
    exec "$VENV/bin/python" -m mkdocs build --strict "$@"
    ;;
  *)
    echo "usage: bash tools/dev.sh serve|test [pytest arguments]" >&2
    exit 2
    ;;
esac
