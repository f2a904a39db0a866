# Shared by run.sh and test.sh: make .venv with Python 3.11 and install a requirements file.
# Usage: source scripts/bootstrap.sh; bootstrap_venv requirements/base.txt

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # Debian packages the project needs; `apt-get update` once per call, then install quietly.
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

bootstrap_venv() {
  local requirements=$1
  local python=${PYTHON:-}
  if [ -z "$python" ]; then
    python=$(command -v python3.11 || command -v python3)
  fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "CivicGrid needs Python 3.11 (found: $("$python" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      # Debian ships venv support separately.
      rm -rf .venv
      apt_install python3-venv
      "$python" -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"
}

report_packages() {
  # What the PDF reports need from Debian: Pango for WeasyPrint, and a CJK font to embed.
  local missing=()
  ldconfig -p 2>/dev/null | grep "libpango-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0)
  ldconfig -p 2>/dev/null | grep "libpangoft2-1.0.so.0" >/dev/null || missing+=(libpangoft2-1.0-0)
  ldconfig -p 2>/dev/null | grep "libharfbuzz-subset.so.0" >/dev/null || missing+=(libharfbuzz-subset0)
  command -v fc-list >/dev/null || missing+=(fontconfig)
  fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian ..."
    apt_install "${missing[@]}"
  fi
}
