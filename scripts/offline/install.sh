#!/usr/bin/env bash
# 年报助手离线安装：在本目录建立 venv/（只用 wheels/ 中的安装包，不联网），并放置启动器 ./nianbao。
# 用法：bash install.sh（指定 Python：PYTHON=/usr/bin/python3.11 bash install.sh）
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
# shellcheck source=/dev/null
. ./bundle.conf

version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true; }

machine=$(uname -m)
if [ "$machine" != "$ARCH" ]; then
  echo "本安装包适用于 $ARCH 处理器，本机是 $machine：请使用对应架构的安装包（见安装说明.txt）。" >&2
  exit 1
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in "python$PYTHON_VERSION" python3; do
    if command -v "$candidate" >/dev/null 2>&1 && [ "$(version_of "$candidate")" = "$PYTHON_VERSION" ]; then
      python=$(command -v "$candidate")
      break
    fi
  done
fi
if [ -z "$python" ] || [ "$(version_of "$python")" != "$PYTHON_VERSION" ]; then
  found=$(version_of "${python:-python3}")
  if [ -n "$found" ]; then found="${python:-python3} 是 Python $found"; else found="${python:-python3} 无法运行"; fi
  echo "未找到 Python $PYTHON_VERSION（$found）：本安装包只适用于 Python $PYTHON_VERSION。请安装该版本（如 sudo apt install python$PYTHON_VERSION）并用 PYTHON=…/python$PYTHON_VERSION 指定，或在联网机器上用 --python-version 指定本机的 Python 版本重新生成安装包。" >&2
  exit 1
fi

echo "安装年报助手 $NIANBAO_VERSION（$python，Python $PYTHON_VERSION，$ARCH），约需一分钟……"
rm -rf venv
# without ensurepip: Debian's python3-venv package is not needed; pip comes from wheels/ like everything else
"$python" -m venv --without-pip venv
pip_wheel=$(ls wheels/pip-*.whl)
if ! PIP_CONFIG_FILE=/dev/null venv/bin/python "$pip_wheel/pip" --isolated install --quiet --no-index \
  --find-links wheels --disable-pip-version-check --no-warn-script-location pip nianbao; then
  echo "安装失败：wheels/ 中没有适合本机的安装包（见上面 pip 的报错）。本安装包适用于 $PLATFORMS；本机系统可能过旧（glibc 版本低于安装包要求），请在联网机器上用合适的 --platform 重新生成。" >&2
  exit 1
fi

cat >nianbao <<'LAUNCHER'
#!/bin/sh
# 年报助手：./nianbao app 打开工作台（不带参数同此），./nianbao check 年报.pdf 检查一份年报，./nianbao --help 查看全部命令
here=$(dirname "$(readlink -f "$0")")
if [ -z "${NIANBAO_DB:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
  # the reports live in the user's data folder: a new version installed elsewhere finds them
  NIANBAO_DB="sqlite:///${XDG_DATA_HOME:-$HOME/.local/share}/nianbao/nianbao.db"
  export NIANBAO_DB
fi
[ $# -gt 0 ] || set -- app
exec "$here/venv/bin/nianbao" "$@"
LAUNCHER
chmod +x nianbao
venv/bin/nianbao --help >/dev/null
echo "安装完成。启动工作台：$here/nianbao app（浏览器打开 http://127.0.0.1:8501）；检查年报：$here/nianbao check 年报.pdf"
