#!/usr/bin/env bash
# Debian packages the tests need: LibreOffice (.doc import, PDF), poppler, CJK fonts, chromium (browser tests).
# The export previews map 仿宋_GB2312 / 楷体_GB2312 / Times New Roman to AR PL SungtiL GB / AR PL KaitiM GB /
# Liberation Serif (app/export/fonts.conf), so those fonts are installed too.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)  # tests/test_storage.py runs on PostgreSQL too  # tests/test_browser.py (Playwright drives it; no downloaded browser)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "AR PL SungtiL GB" || need+=(fonts-arphic-gbsn00lp)
fc-list 2>/dev/null | grep -qi "AR PL KaitiM GB" || need+=(fonts-arphic-gkai00mp)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji)  # the app's page icons in screenshots
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "缺少系统软件包：${need[*]}（请用 sudo apt-get install 安装）" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
