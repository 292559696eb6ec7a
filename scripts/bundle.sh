#!/usr/bin/env bash
# Build the offline bundle on a machine with network: dist/nianbao-offline-<version>-linux-<arch>-py<X.Y>.tar.gz
# holds the nianbao wheel, every dependency as a wheel for the target platform and Python, install.sh and 安装说明.txt.
#
#   bash scripts/bundle.sh                                    # this machine's architecture and Python
#   bash scripts/bundle.sh --platform manylinux_2_28_aarch64 --python-version 3.11   # ARM (aarch64) machines
#   bash scripts/bundle.sh --out /media/usb                   # write the archive elsewhere than dist/
#
# --platform and --python-version may also come from NIANBAO_PLATFORM and NIANBAO_PYTHON_VERSION; a package
# mirror from PIP_INDEX_URL. PYTHON names the interpreter that builds the wheel (default .venv/bin/python).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

platforms=()
[ -n "${NIANBAO_PLATFORM:-}" ] && platforms+=("$NIANBAO_PLATFORM")
python_version=${NIANBAO_PYTHON_VERSION:-}
out=$root/dist
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) platforms+=("$2"); shift 2 ;;
    --platform=*) platforms+=("${1#*=}"); shift ;;
    --python-version) python_version=$2; shift 2 ;;
    --python-version=*) python_version=${1#*=}; shift ;;
    --out) out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "未知选项：$1（可用：--platform、--python-version、--out）" >&2; exit 2 ;;
  esac
done

if [ -z "${PYTHON:-}" ]; then
  if [ -x "$root/.venv/bin/python" ]; then PYTHON=$root/.venv/bin/python; else PYTHON=python3; fi
fi
# this machine's pip configuration (extra indexes, find-links, constraints) must not shape the bundle
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_CONSTRAINT PIP_EXTRA_INDEX_URL PIP_NO_INDEX PIP_REQUIREMENT PIP_ONLY_BINARY PIP_NO_BINARY \
  PIP_PLATFORM PIP_PYTHON_VERSION PIP_IMPLEMENTATION PIP_ABI PIP_TARGET PIP_PREFIX PIP_USER PIP_NO_DEPS

[ -n "$python_version" ] || python_version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ ${#platforms[@]} -gt 0 ] || platforms=("manylinux_2_28_$(uname -m)")
# pip accepts only the exact tag of a manylinux_2_N platform: add manylinux2014 (glibc 2.17), which pip widens
# to the older tags, so packages that publish only older wheels are found too
for p in "${platforms[@]}"; do
  if [[ $p =~ ^manylinux_2_([0-9]+)_(.+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 17 ]; then
    older="manylinux2014_${BASH_REMATCH[2]}"
    [[ " ${platforms[*]} " == *" $older "* ]] || platforms+=("$older")
  fi
done
arch=${platforms[0]}
[[ $arch =~ (x86_64|aarch64|i686|ppc64le|s390x|armv7l|loongarch64|riscv64)$ ]] && arch=${BASH_REMATCH[1]}
version=$("$PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
  "$root/pyproject.toml")
name=nianbao-offline-$version-linux-$arch-py$python_version

work=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/$name
mkdir -p "$stage/wheels" "$work/src" "$out"

echo "构建 nianbao $version 安装包（${platforms[*]}，Python $python_version）" >&2
# the wheel is built from a copy of the sources: no build/ or egg-info left in the checkout, no data/ carried along
tar -C "$root" --exclude=./.venv --exclude=./.git --exclude=./dist --exclude=./build --exclude=./data \
  --exclude=./test-artifacts --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -C "$work/src" -xf -
isolation=()
if "$PYTHON" -c 'import setuptools, sys; sys.exit(tuple(map(int, setuptools.__version__.split(".")[:2])) < (70, 1))' \
  2>/dev/null; then
  isolation=(--no-build-isolation) # the installed setuptools builds wheels itself: nothing to download
fi
"$PYTHON" -m pip wheel --quiet --no-deps ${isolation[@]+"${isolation[@]}"} -w "$stage/wheels" "$work/src"
wheel=$(ls "$stage"/wheels/nianbao-*.whl)

platform_args=()
for p in "${platforms[@]}"; do platform_args+=(--platform "$p"); done
pip_version=$("$PYTHON" -m pip --version | cut -d' ' -f2)
if ! "$PYTHON" -m pip download --only-binary=:all: "${platform_args[@]}" --python-version "$python_version" \
  --implementation cp -d "$stage/wheels" "$wheel" "pip==$pip_version" >&2; then
  echo "下载依赖失败：上面 pip 报告的软件包（No matching distribution found for …）没有适用于 ${platforms[*]}、Python $python_version 的预编译安装包，或网络不通。" >&2
  exit 1
fi

cp "$root/scripts/offline/install.sh" "$root/scripts/offline/安装说明.txt" "$stage/"
chmod +x "$stage/install.sh"
cat >"$stage/bundle.conf" <<EOF
# 由 scripts/bundle.sh 生成：本安装包适用的软件版本、Python 版本和处理器架构
NIANBAO_VERSION=$version
PYTHON_VERSION=$python_version
ARCH=$arch
PLATFORMS="${platforms[*]}"
EOF

archive=$out/$name.tar.gz
tar -C "$work" -cf - "$name" | gzip -1 >"$archive.part" # the wheels are compressed already: the fastest level
mv "$archive.part" "$archive"
echo "已生成 $archive（$(du -h "$archive" | cut -f1)，$(ls "$stage/wheels" | wc -l) 个安装包）" >&2
echo "$archive"
