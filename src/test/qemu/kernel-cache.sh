# Sourced by scripts/install-test-tools.sh and src/test/qemu/run.sh: the Debian kernel that
# RealKernelIT boots, with the headers its test modules are built against.
#
# Layout, outside the checkout so that it survives `mvn clean` and fresh clones:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/livepatch-exporter/kernel/
#     current                 the release in use, e.g. 6.1.0-56-amd64
#     <release>/root/         dpkg -x of the image, headers and kbuild packages
#     <release>/complete      written last: a fetch that was cut short is fetched again
#
# The release is resolved from the linux-image-amd64 metapackage when fetching: Debian's archive
# keeps only the current ABI, so a release name written down anywhere would soon fail to download.

kernel_cache_dir() {
  echo "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/livepatch-exporter/kernel"
}

kernel_cache_release() {
  cat "$(kernel_cache_dir)/current" 2>/dev/null || true
}

kernel_cache_ready() {
  local release
  release=$(kernel_cache_release)
  [ -n "$release" ] && [ -f "$(kernel_cache_dir)/$release/complete" ]
}

# Depends of a package's candidate version, one "name version" per line ("name" alone if unpinned).
_kernel_cache_depends() {
  apt-cache show --no-all-versions "$1" | sed -n 's/^Depends: //p' | tr ',' '\n' |
    sed -e 's/|.*//' -e 's/^ *//' -e 's/ *(= \(.*\))/ \1/' -e 's/ *(.*)//'
}

kernel_cache_fetch() {
  local dir release version headers work pkgs p
  dir=$(kernel_cache_dir)
  # linux-image-amd64 depends on exactly one linux-image-<release> (= <version>).
  read -r p version < <(_kernel_cache_depends linux-image-amd64 | grep '^linux-image-' | head -n 1)
  release=${p#linux-image-}
  if [ -z "$release" ] || [ -z "$version" ]; then
    echo "kernel-cache: cannot resolve linux-image-amd64 (run apt-get update)" >&2
    return 1
  fi
  headers=linux-headers-$release
  pkgs=("linux-image-$release=$version" "$headers=$version")
  # The headers need their common part and kbuild (scripts, modpost): pin both to the same version.
  while read -r p _; do
    case "$p" in linux-headers-* | linux-kbuild-*) pkgs+=("$p=$version") ;; esac
  done < <(_kernel_cache_depends "$headers")
  echo "kernel-cache: fetching ${pkgs[*]}"
  work=$(mktemp -d)
  chmod 755 "$work" # apt-get download runs as _apt where it can
  rm -rf "${dir:?}/$release"
  mkdir -p "$dir/$release/root"
  (cd "$work" && apt-get download -qq "${pkgs[@]}")
  for p in "$work"/*.deb; do
    dpkg -x "$p" "$dir/$release/root"
  done
  rm -rf "$work"
  # The headers' Makefile includes the common part by its absolute /usr/src path.
  sed -i "s|^include /usr/src/|include $dir/$release/root/usr/src/|" \
    "$dir/$release/root/usr/src/$headers/Makefile"
  # The package leaves modules.dep to its postinst; modprobe --show-depends needs it.
  depmod -b "$dir/$release/root" "$release"
  touch "$dir/$release/complete"
  echo "$release" >"$dir/current"
  # Only the current release is kept.
  for p in "$dir"/*/; do
    p=${p%/}
    [ "${p##*/}" = "$release" ] || rm -rf "$p"
  done
}
