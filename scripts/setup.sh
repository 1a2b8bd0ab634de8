#!/usr/bin/env bash
# Installs what Kiln needs on Debian or Ubuntu, and only what is missing:
#   a JDK (17 or newer), the OpenCL loader with PoCL (a CPU OpenCL device), Fashion-MNIST, a font
#   with fontconfig (History.plot draws text; a headless JDK has no font of its own), and the
#   MovieLens ratings of R's dslabs package (unpacked from r-cran-dslabs, without installing R).
# Safe to run again; it does nothing when everything is there.
set -euo pipefail

packages=()
command -v javac >/dev/null 2>&1 || packages+=(default-jdk-headless)
[ -e /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 ] || ldconfig -p 2>/dev/null | grep -q 'libOpenCL.so.1' \
  || packages+=(ocl-icd-libopencl1)
ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1 || packages+=(pocl-opencl-icd)
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || packages+=(dataset-fashion-mnist)
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ] || packages+=(fontconfig fonts-dejavu-core)

movielens=/usr/local/share/kiln/dslabs   # where dev.kiln.data.MovieLens looks
[ -e "$movielens/Rdata.rdb" ] && missing_movielens=0 || missing_movielens=1

if [ ${#packages[@]} -eq 0 ] && [ $missing_movielens -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Kiln setup: run as root or install sudo to install ${packages[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
if [ ${#packages[@]} -gt 0 ]; then
  echo "Kiln setup: installing ${packages[*]}" >&2
  $sudo apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
fi
if [ $missing_movielens -eq 1 ]; then
  echo "Kiln setup: unpacking the MovieLens ratings of r-cran-dslabs into $movielens" >&2
  download=$(mktemp -d)
  chmod 777 "$download"   # apt-get download drops to the _apt user
  (cd "$download" && apt-get download -q r-cran-dslabs >/dev/null 2>&1 && dpkg -x r-cran-dslabs_*.deb unpacked)
  $sudo mkdir -p "$movielens"
  $sudo cp "$download"/unpacked/usr/lib/R/site-library/dslabs/data/Rdata.rd[bx] "$movielens/"
  rm -rf "$download"
fi
