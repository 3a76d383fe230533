# Sourced by test.sh: the browser tests (tests/Platform.Web.Tests) drive Debian's chromium at /usr/bin/chromium
# through Playwright, which is never allowed to download a browser of its own.

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

chromium_ensure() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Debian's chromium. Install it once with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
    return 1
  fi
  echo "Installing chromium from Debian..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
