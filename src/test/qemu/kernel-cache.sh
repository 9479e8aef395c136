# Sourced by scripts/install-test-tools.sh, src/test/qemu/run.sh and src/test/qemu/systemd/run.sh:
# the Debian kernels RealKernelIT boots, with the headers its test modules are built against, and
# the Debian release those modules are built in (the compiler that built each kernel).
#
# A kernel is named after the suite it comes from; LIVEPATCH_TEST_KERNELS picks them (a list
# separated by commas or spaces, or "all", the default):
#   bookworm            Debian 12's kernel (6.1), built with gcc-12
#   bookworm-backports  Debian 12's backported kernel (6.12), built with gcc-12
#   trixie-backports    Debian 13's backported kernel (7.3), built with gcc-14 for trixie's glibc:
#                       its modules are built in a trixie root made with mmdebstrap
#
# Layout, outside the checkout so that it survives `mvn clean` and fresh clones:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/livepatch-exporter/
#     kernels/<name>/apt/            a private apt configuration of that suite: its own sources,
#                                    lists and cache; the host's apt is neither read nor changed
#     kernels/<name>/current         the release in use, e.g. 6.1.0-57-amd64
#     kernels/<name>/<release>/root/ dpkg -x of the image, modules, headers and kbuild packages
#     kernels/<name>/<release>/complete  written last: a fetch that was cut short is fetched again
#     build-root/<key>/root/         a Debian root with the compiler of a kernel (mmdebstrap);
#                                    <key> hashes its suite and packages
#
# The release is resolved from the linux-image-amd64 metapackage when fetching: Debian's archive
# keeps only the current ABI, so a release name written down anywhere would soon fail to download.

KERNEL_CACHE_ALL="bookworm bookworm-backports trixie-backports"
KERNEL_CACHE_MIRROR=http://deb.debian.org/debian

_kernel_cache_base() {
  echo "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/livepatch-exporter"
}

kernel_cache_dir() { # NAME
  echo "$(_kernel_cache_base)/kernels/$1"
}

# The kernels LIVEPATCH_TEST_KERNELS selects, one name a line; an unknown name fails.
kernel_cache_selected() {
  local list=${LIVEPATCH_TEST_KERNELS:-all} k
  [ "$list" = all ] && list=$KERNEL_CACHE_ALL
  for k in ${list//,/ }; do
    case " $KERNEL_CACHE_ALL " in
      *" $k "*) echo "$k" ;;
      *)
        echo "kernel-cache: unknown kernel '$k' in LIVEPATCH_TEST_KERNELS (known: all $KERNEL_CACHE_ALL)" >&2
        return 1
        ;;
    esac
  done
}

# The apt suites a kernel is looked up in: a stable release's kernel updates come through its
# security and updates suites; a backport's packages are all in the backports suite.
_kernel_cache_suites() { # NAME
  case "$1" in
    bookworm) echo "bookworm bookworm-updates bookworm-security" ;;
    *) echo "$1" ;;
  esac
}

# The Debian release whose compiler and C library built the kernel, and its modules are built with.
kernel_build_release() { # NAME
  echo "${1%%-*}"
}

kernel_cache_release() { # NAME
  cat "$(kernel_cache_dir "$1")/current" 2>/dev/null || true
}

kernel_cache_root() { # NAME
  echo "$(kernel_cache_dir "$1")/$(kernel_cache_release "$1")/root"
}

kernel_cache_ready() { # NAME
  local release
  release=$(kernel_cache_release "$1")
  [ -n "$release" ] && [ -f "$(kernel_cache_dir "$1")/$release/complete" ]
}

# The compiler that built the kernel, as its headers record it (CONFIG_CC_VERSION_TEXT), e.g.
# "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0".
kernel_cache_compiler() { # NAME
  local root release
  root=$(kernel_cache_root "$1")
  release=$(kernel_cache_release "$1")
  sed -n 's/^CONFIG_CC_VERSION_TEXT=//p' "$root/usr/src/linux-headers-$release/include/config/auto.conf" |
    tr -d '"'
}

# apt-get with the private configuration of kernel NAME.
_kernel_cache_apt() { # NAME apt-get|apt-cache ARGS...
  local name=$1
  shift
  APT_CONFIG=$(kernel_cache_dir "$name")/apt/apt.conf "$@"
}

_kernel_cache_apt_setup() { # NAME
  local apt s
  apt=$(kernel_cache_dir "$1")/apt
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/etc/preferences.d" "$apt/etc/apt.conf.d"
  : >"$apt/status"
  : >"$apt/etc/sources.list"
  for s in $(_kernel_cache_suites "$1"); do
    case "$s" in
      *-security) echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${KERNEL_CACHE_MIRROR}-security $s main" ;;
      *) echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $KERNEL_CACHE_MIRROR $s main" ;;
    esac >>"$apt/etc/sources.list"
  done
  # The sandbox user _apt cannot enter a cache under root's home; these are downloads of signed
  # lists and packages only, which dpkg -x unpacks.
  cat >"$apt/apt.conf" <<EOF
Dir::Etc "$apt/etc";
Dir::Etc::sourcelist "$apt/etc/sources.list";
Dir::Etc::sourceparts "-";
Dir::State "$apt";
Dir::State::lists "$apt/lists";
Dir::State::status "$apt/status";
Dir::Cache "$apt";
Dir::Cache::archives "$apt/archives";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Sandbox::User "root";
Acquire::Languages "none";
EOF
}

# Depends of a package's candidate version, one "name version" per line ("name" alone if unpinned).
_kernel_cache_depends() { # NAME PACKAGE
  _kernel_cache_apt "$1" apt-cache show --no-all-versions "$2" | sed -n 's/^Depends: //p' | tr ',' '\n' |
    sed -e 's/|.*//' -e 's/^ *//' -e 's/ *(= \(.*\))/ \1/' -e 's/ *(.*)//'
}

kernel_cache_fetch() { # NAME
  local name=$1 dir release version root work p queue seen=" " pkgs=()
  dir=$(kernel_cache_dir "$name")
  _kernel_cache_apt_setup "$name"
  echo "kernel-cache: $name: apt-get update (suites $(_kernel_cache_suites "$name"))"
  _kernel_cache_apt "$name" apt-get update -qq
  # linux-image-amd64 depends on exactly one linux-image-<release> (= <version>).
  read -r p version < <(_kernel_cache_depends "$name" linux-image-amd64 | grep '^linux-image-' | head -n 1)
  release=${p#linux-image-}
  if [ -z "$release" ] || [ -z "$version" ]; then
    echo "kernel-cache: $name: cannot resolve linux-image-amd64 in $(_kernel_cache_suites "$name")" >&2
    return 1
  fi
  # The image and headers with what they need of the same source package, all of one version:
  # 6.x has one image package (vmlinuz in /boot, modules in /lib); 7.x splits it into
  # linux-binary (vmlinuz), linux-modules and linux-base, under /usr/lib/modules/<release>/.
  queue="linux-image-$release linux-headers-$release"
  while [ -n "$queue" ]; do
    set -- $queue
    p=$1
    shift
    queue="$*"
    case "$seen" in *" $p "*) continue ;; esac
    seen="$seen$p "
    pkgs+=("$p=$version")
    while read -r dep _; do
      case "$dep" in
        linux-image-* | linux-binary-* | linux-modules-* | linux-base-* | linux-headers-* | linux-kbuild-*)
          queue="$queue $dep" ;;
      esac
    done < <(_kernel_cache_depends "$name" "$p")
  done
  echo "kernel-cache: $name: fetching ${pkgs[*]}"
  root=$dir/$release/root
  rm -rf "${dir:?}/$release"
  mkdir -p "$root"
  work=$(mktemp -d)
  (cd "$work" && _kernel_cache_apt "$name" apt-get download -qq "${pkgs[@]}")
  for p in "$work"/*.deb; do
    dpkg -x "$p" "$root"
  done
  rm -rf "$work"
  # Merged /usr (7.x): depmod -b and modprobe -d look in <root>/lib/modules.
  [ -e "$root/lib" ] || ln -s usr/lib "$root/lib"
  # The headers' Makefile names the common part (and, in 7.x, the output directory) by absolute
  # /usr/src paths: point them into the unpacked root.
  sed -i -E "s#(^|[ =])/usr/src/#\1$root/usr/src/#g" "$root/usr/src/linux-headers-$release/Makefile"
  if grep -Eq '(^|[ =])/usr/src/' "$root/usr/src/linux-headers-$release/Makefile"; then
    echo "kernel-cache: $name: /usr/src left in the headers' Makefile" >&2
    return 1
  fi
  # The package leaves modules.dep to its postinst; modprobe --show-depends needs it.
  depmod -b "$root" "$release"
  touch "$dir/$release/complete"
  echo "$release" >"$dir/current"
  # Only the current release is kept.
  for p in "$dir"/*/; do
    p=${p%/}
    case "${p##*/}" in "$release" | apt) ;; *) rm -rf "$p" ;; esac
  done
}

# The build root of kernel NAME: none (empty) when the kernel was built on this machine's Debian
# release, whose compiler the host has; otherwise a root of the kernel's release with its compiler,
# whose kbuild tools (fixdep, modpost, objtool) need that release's C library too.
_kernel_build_root_packages() { # NAME
  local cc
  cc=$(kernel_cache_compiler "$1" | cut -d' ' -f1)
  echo "${cc##*-linux-gnu-},make,libc6-dev,pahole,libelf1t64,libssl3t64,zlib1g"
}

kernel_build_root() { # NAME: the path of its build root, or nothing when it builds on the host
  local rel
  rel=$(kernel_build_release "$1")
  [ "$rel" = "$(. /etc/os-release && echo "$VERSION_CODENAME")" ] && return 0
  echo "$(_kernel_cache_base)/build-root/$(echo "$rel $(_kernel_build_root_packages "$1")" |
    sha256sum | cut -c1-12)/root"
}

kernel_build_root_ready() { # NAME
  local r
  r=$(kernel_build_root "$1")
  [ -z "$r" ] || [ -f "$(dirname "$r")/complete" ]
}

# kernel_build_root_fetch NAME [SUDO]: about 20 s and 335 MB for trixie with gcc-14.
kernel_build_root_fetch() {
  local r dir rel pkgs
  r=$(kernel_build_root "$1")
  [ -n "$r" ] || return 0
  dir=$(dirname "$r")
  rel=$(kernel_build_release "$1")
  pkgs=$(_kernel_build_root_packages "$1")
  ${2:-} rm -rf "$dir"
  mkdir -p "$dir"
  echo "kernel-cache: making a $rel build root with $pkgs (mmdebstrap)"
  ${2:-} mmdebstrap --quiet --variant=apt --include="$pkgs" "$rel" "$r" "$KERNEL_CACHE_MIRROR"
  touch "$dir/complete"
}
