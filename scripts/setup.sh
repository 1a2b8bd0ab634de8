#!/usr/bin/env bash
# Installs what Kiln needs on Debian or Ubuntu, and only what is missing:
#   a JDK (17 or newer), the OpenCL loader with PoCL (a CPU OpenCL device), Fashion-MNIST, and a
#   font with fontconfig (History.plot draws text; a headless JDK has no font of its own).
# Safe to run again; it does nothing when everything is there.
set -euo pipefail

packages=()
command -v javac >/dev/null 2>&1 || packages+=(default-jdk-headless)
[ -e /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 ] || ldconfig -p 2>/dev/null | grep -q 'libOpenCL.so.1' \
  || packages+=(ocl-icd-libopencl1)
ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1 || packages+=(pocl-opencl-icd)
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || packages+=(dataset-fashion-mnist)
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ] || packages+=(fontconfig fonts-dejavu-core)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
echo "Kiln setup: installing ${packages[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Kiln setup: run as root or install sudo to install ${packages[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
